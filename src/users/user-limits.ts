// An account's limits, stated once: the columns and the rules that check what goes into them.
export const EMAIL_MAX = 254;
export const FULL_NAME_MAX = 200;
/** A widget visitor's id on the host site (the identity token's `sub`). */
export const EXTERNAL_ID_MAX = 128;
