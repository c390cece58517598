import { defineConfig, type Plugin, type ProxyOptions } from 'vite';
import react from '@vitejs/plugin-react';
import { precompiledScores } from './scripts/precompiled-scores.mjs';

// The Pushgateway's push routes send no CORS headers, so a console served from here
// pushes its own metrics same-origin (?pushgateway=/pushgateway). Only this job's
// push requests are forwarded: no admin API, no reads, no deletes (README: nginx).
const pushgatewayProxy: Record<string, ProxyOptions> = {
  '^/pushgateway/metrics/job/singing_pager/': {
    target: process.env.SP_PUSHGATEWAY_URL || 'http://127.0.0.1:9091',
    changeOrigin: true,
    // 404 for other methods, and for dot segments that could climb out of the job's path.
    bypass: (req) => ((req.method === 'POST' || req.method === 'PUT') && !/\/\.|%2e/i.test(req.url ?? '') ? undefined : false),
    rewrite: (path) => path.replace(/^\/pushgateway/, ''),
  },
  // The console's incident drill (scripts/lib/incident.mjs): its one group, PUT and DELETE only.
  '^/pushgateway/metrics/job/sp_demo/drill/incident$': {
    target: process.env.SP_PUSHGATEWAY_URL || 'http://127.0.0.1:9091',
    changeOrigin: true,
    bypass: (req) => (req.method === 'PUT' || req.method === 'DELETE' ? undefined : false),
    rewrite: (path) => path.replace(/^\/pushgateway/, ''),
  },
};

// Prometheus and Alertmanager behind basic auth or a token: the browser talks to this
// origin (?prometheus=/prometheus), the proxy adds the credentials, which never reach
// the page. Only the read endpoints the console uses are forwarded, GET only.
// SP_PROMETHEUS_AUTH / SP_ALERTMANAGER_AUTH hold a whole Authorization header value.
function readOnlyProxy(prefix: string, endpoints: string, target: string, auth: string | undefined): Record<string, ProxyOptions> {
  return {
    [`^/${prefix}/${endpoints}([?]|$)`]: {
      target,
      changeOrigin: true,
      ...(auth && { headers: { authorization: auth } }),
      bypass: (req) => (req.method === 'GET' ? undefined : false),
      rewrite: (path) => path.slice(prefix.length + 1),
    },
  };
}

const proxy: Record<string, ProxyOptions> = {
  ...pushgatewayProxy,
  ...readOnlyProxy('prometheus', 'api/v1/(alerts|query|query_range)', process.env.SP_PROMETHEUS_URL || 'http://127.0.0.1:9090', process.env.SP_PROMETHEUS_AUTH),
  ...readOnlyProxy('alertmanager', 'api/v2/(alerts|silences)', process.env.SP_ALERTMANAGER_URL || 'http://127.0.0.1:9093', process.env.SP_ALERTMANAGER_AUTH),
};

// The dev server's React Refresh preamble is an inline script, which index.html's CSP
// (script-src 'self') refuses; the policy is for what ships, so dev serves without it.
const devWithoutCsp: Plugin = {
  name: 'sp-dev-without-csp',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/i, ''),
};

export default defineConfig({
  plugins: [react(), precompiledScores(), devWithoutCsp],
  server: { host: '127.0.0.1', proxy },
  preview: { host: '127.0.0.1', proxy },
  build: { target: 'es2022', sourcemap: true },
});
