// How much a file may bring in at once. A person follows tens of feeds, a heavy reader a few hundred; an OPML file
// or backup with 20,000 froze the options page for half a minute and fetched for hours. Beyond this the file is
// refused whole, with a message that says the limit, rather than imported in part.

/** The most feeds one OPML file or backup may list (and the most a backup may restore). */
export const MAX_IMPORTED_FEEDS = 2000;
