const twilio = require("twilio");

const accountSid = "AC967e76df20bfe98629acb2dcfe9be0a0";
const authToken = "⟦twilio_key/auth_token_js_variable:fde8bdadbb6545a345f87df19326e404⟧";

module.exports = twilio(accountSid, authToken);
