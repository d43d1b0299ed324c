// Twilio SMS for password resets
var accountSid = "AC8deb30ec0d05925eb26740a49a6d439f";
var authToken = "⟦twilio_key/csharp:e46163be04d0e3a0adb607e27356c0d8⟧";
TwilioClient.Init(accountSid, authToken);
