type Props = {
  tags: string[];
  activeTag?: string;
  onSelect?: (tag: string | undefined) => void;
  /** The list's accessible name, translated by the caller. */
  label: string;
};

/** Tags as chips; with `onSelect`, each chip toggles the tag filter. */
export function TagChips({ tags, activeTag, onSelect, label }: Props) {
  if (!tags.length) return null;
  return (
    <ul className="chips" aria-label={label}>
      {tags.map((tag) => {
        const active = activeTag?.toLowerCase() === tag.toLowerCase();
        return (
          <li key={tag}>
            {onSelect ? (
              <button
                type="button"
                className={active ? 'chip chip--active' : 'chip'}
                aria-pressed={active}
                onClick={() => onSelect(active ? undefined : tag)}
              >
                {tag}
              </button>
            ) : (
              <span className="chip">{tag}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
