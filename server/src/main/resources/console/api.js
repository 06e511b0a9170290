// Ensemble console: calls to the JSON API. The login cookie is HttpOnly, so this script never
// sees it; the browser sends it with every same-origin request.
'use strict';

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const Api = {
  async call(method, path, body) {
    const init = { method, headers: {}, credentials: 'same-origin' };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    let data = null;
    const text = await response.text();
    if (text) {
      try { data = JSON.parse(text); } catch (e) { data = { error: 'bad_reply', message: text.slice(0, 200) }; }
    }
    if (!response.ok) {
      throw new ApiError(response.status, data && data.error, (data && data.message) || response.statusText);
    }
    return data;
  },
  get(path) { return this.call('GET', path); },
  post(path, body) { return this.call('POST', path, body === undefined ? {} : body); },
  session(id) { return '/api/sessions/' + encodeURIComponent(id); },
};
