// The widget's limits, stated once: the claims check, the DTO, the guest throttle and the docs.
/** exp − iat of an identity token: host sites sign one per page view, not per login. */
export const IDENTITY_TOKEN_MAX_LIFETIME_SECONDS = 10 * 60;
/** How far the host's clock may be off ours, for exp, nbf and iat. */
export const IDENTITY_CLOCK_SKEW_SECONDS = 30;
/** A JWT with a few short claims is a few hundred bytes; anything this long is not one. */
export const IDENTITY_TOKEN_MAX_LENGTH = 4096;
export const IDENTITY_TOKEN_ALGORITHM = 'HS256';
/** New anonymous guests per client address per window (counted in the database). */
export const GUESTS_PER_WINDOW = 10;
export const GUEST_WINDOW_SECONDS = 60;
