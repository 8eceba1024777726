// Reads secrets through the Node.js template's secret.mjs, as a handler would, and prints their lengths (never a value).
import { secret } from "./secret.mjs";

const denied = await secret("DENIED").then(() => "read", (err) => err.message);
console.log(`db=${(await secret("DB_PASSWORD")).length} key=${(await secret("SIGNING_KEY")).length} denied=${denied}`);
