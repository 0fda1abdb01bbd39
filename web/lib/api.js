// The JSON API of kith serve (docs/api/openapi.yaml) from the browser: the
// session cookie goes with every call (same origin), state-changing calls
// carry the session's CSRF token, and every failure becomes an ApiError
// with the server's own words ({"error": {"code", "message"}}).

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status; // HTTP status; 0 = the server could not be reached
    this.code = code;
  }
}

let csrfToken = null;

// The CSRF token of the session (POST /api/v1/session or GET gives it).
export function setCsrf(token) {
  csrfToken = token || null;
}

// "?a=1&b=x" from an object; empty, null and undefined values left out.
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {}))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? '?' + s : '';
}

function errorOf(status, statusText, text) {
  let e = null;
  try {
    e = JSON.parse(text).error;
  } catch (_) {
    e = null;
  }
  if (e && typeof e.message === 'string') return new ApiError(status, e.code, e.message);
  return new ApiError(status, 'http_' + status, `the server answered ${status} ${statusText}`);
}

// One call: resolves to the parsed JSON, rejects with an ApiError.
export async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  const opts = { method, headers, credentials: 'same-origin', cache: 'no-cache' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let r;
  try {
    r = await fetch(path, opts);
  } catch (e) {
    throw new ApiError(0, 'network', 'kith cannot be reached (is kith serve running?)');
  }
  const text = await r.text();
  if (!r.ok) throw errorOf(r.status, r.statusText, text);
  return text ? JSON.parse(text) : null;
}

export const get = (path, params) => call('GET', path + query(params));
export const post = (path, body) => call('POST', path, body);
export const put = (path, body) => call('PUT', path, body);
export const del = (path) => call('DELETE', path);

// Upload a file as the request body (POST /api/v1/imports/{format}?filename=).
// XMLHttpRequest rather than fetch: only it reports upload progress.
// onProgress(sent, total) as the bytes go; resolves to the JSON answer.
export function upload(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', path);
    x.setRequestHeader('Accept', 'application/json');
    x.setRequestHeader('Content-Type', 'application/octet-stream');
    if (csrfToken) x.setRequestHeader('X-CSRF-Token', csrfToken);
    x.upload.onprogress = (e) => onProgress && onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    x.onload = () => {
      if (x.status >= 200 && x.status < 300) {
        try {
          resolve(JSON.parse(x.responseText));
        } catch (e) {
          reject(new ApiError(x.status, 'bad_answer', 'the server gave an answer that is not JSON'));
        }
      } else {
        reject(errorOf(x.status, x.statusText, x.responseText));
      }
    };
    x.onerror = () => reject(new ApiError(0, 'network', 'the upload was interrupted: kith cannot be reached'));
    x.send(file);
  });
}
