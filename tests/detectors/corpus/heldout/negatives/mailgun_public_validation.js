// client-side address validation uses the public key only
const MAILGUN_PUBLIC_KEY = "pubkey-cf9aec7077d15451de70c4012581380e";
