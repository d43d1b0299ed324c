import { Mistral } from "@mistralai/mistralai";

const mistral = new Mistral({ apiKey: "⟦mistral_key/ts:hXZADuWyD2cxwyFAE7Tc3oNRsVeCqHIp⟧" });
const res = await mistral.fim.complete({ model: "codestral-latest", prompt: "def settle(", suffix: "" });
