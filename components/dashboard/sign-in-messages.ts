// Sign-in messages shared by the login page (server) and the login form (client).

/** Shown when sign-in is throttled (too many failed attempts for this email or address). */
export const TOO_MANY_SIGN_INS_MESSAGE = 'Too many sign-in attempts. Wait a few minutes, then try again.';
