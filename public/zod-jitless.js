// A classic script, so it runs before any of the app's modules: zod decides when each
// object schema is built whether to compile it with eval (new Function). The CSP
// refuses eval, and Chromium reports zod's probe as a violation even though zod then
// falls back. Its global config, set before zod loads, skips the probe.
(globalThis.__zod_globalConfig ??= {}).jitless = true;
