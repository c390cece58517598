// Runs before zod loads in the MQTT worker (imported first): the page's CSP, which a
// blob: worker inherits, refuses eval, so zod must not probe for it (public/zod-jitless.js
// does the same for the page).
const g = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
(g.__zod_globalConfig ??= {}).jitless = true;
export {};
