/**
 * The key of the popup's first screen as the background keeps it composed (lib/popup/composedScreen.ts), in
 * `storage.local`. A module of its own: the popup's early-read script and the store's writes name it, and neither
 * may load what composing or checking it takes.
 */
export const COMPOSED_SCREEN_KEY = 'composedScreen';
