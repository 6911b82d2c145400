/*
 * The operator dashboard. Plain browser JavaScript, no dependencies, no build step.
 * Signs in with an API key (kept in sessionStorage for this tab only, sent as "Authorization:
 * Bearer") and uses the JSON API under v1/. Views are chosen by the URL hash:
 *   #/integrations, #/integrations/{id}, #/connect, #/webhooks, #/webhooks/{id}, #/logs
 * Every element is built with DOM calls and textContent: nothing from the API becomes markup.
 */
(function () {
  'use strict';

  var STORAGE_KEY = 'unified-ats.api-key';
  var apiKey = null;
  try {
    apiKey = window.sessionStorage.getItem(STORAGE_KEY);
  } catch (err) {
    apiKey = null;
  }
  var renderSeq = 0;
  var pollTimer = null;
  var toolsCache = null;
  /** The reconnection link last created, kept across the view's re-renders. */
  var lastRelink = { integrationId: null, link: null };

  // ---------------------------------------------------------------- DOM helpers
  function h(tag, props) {
    var el = document.createElement(tag);
    props = props || {};
    Object.keys(props).forEach(function (name) {
      var value = props[name];
      if (value === undefined || value === null || value === false) return;
      if (name === 'text') el.textContent = value;
      else if (name === 'class') el.className = value;
      else if (name.slice(0, 2) === 'on') el.addEventListener(name.slice(2), value);
      else if (value === true) el.setAttribute(name, '');
      else el.setAttribute(name, String(value));
    });
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }
  function append(parent, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) child.forEach(function (c) { append(parent, c); });
    else if (typeof child === 'string' || typeof child === 'number') parent.appendChild(document.createTextNode(String(child)));
    else parent.appendChild(child);
  }
  function $(id) {
    return document.getElementById(id);
  }
  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }

  // ---------------------------------------------------------------- formatting
  function when(iso) {
    if (!iso) return '—';
    var date = new Date(iso);
    return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }
  function ago(iso) {
    if (!iso) return 'never';
    var seconds = Math.round((Date.now() - Date.parse(iso)) / 1000);
    if (seconds < 45) return 'just now';
    var minutes = Math.round(seconds / 60);
    if (minutes < 60) return minutes + ' min ago';
    var hours = Math.round(minutes / 60);
    if (hours < 36) return hours + ' h ago';
    return Math.round(hours / 24) + ' days ago';
  }
  function time(iso, text) {
    return iso ? h('time', { datetime: iso, title: when(iso), text: text || when(iso) }) : '—';
  }
  function duration(seconds) {
    if (seconds === null || seconds === undefined) return '—';
    if (seconds < 1) return Math.round(seconds * 1000) + ' ms';
    if (seconds < 120) return seconds.toFixed(1) + ' s';
    return Math.round(seconds / 60) + ' min';
  }
  var TONE = {
    ACTIVE: 'ok', COMPLETED: 'ok', SUCCEEDED: 'ok', DELIVERED: 'ok', REGISTERED: 'ok', IDLE: 'neutral',
    INVALID: 'bad', FAILED: 'bad', AUTHENTICATION_FAILED: 'bad', TIMED_OUT: 'bad',
    INACTIVE: 'warn', PARTIALLY_FAILED: 'warn', FINAL_SYNC_PENDING: 'warn', INCOMPLETE: 'warn',
    SET: 'ok', MISSING: 'warn',
    QUEUED: 'neutral', RUNNING: 'neutral', PENDING: 'neutral', CANCELLED: 'neutral',
  };
  function badge(value, label) {
    return h('span', { class: 'badge ' + (TONE[value] || 'neutral'), text: label || String(value).replace(/_/g, ' ').toLowerCase() });
  }
  function td(label, content, cls) {
    // One wrapper, so that on a phone (cells stacked as label: value rows) the value stays one block.
    return h('td', { 'data-label': label, class: cls }, h('div', { class: 'cell' }, content));
  }
  function table(headings, rows) {
    return h('table', { class: 'stack' }, h('thead', {}, h('tr', {}, headings.map(function (t) { return h('th', { scope: 'col', text: t }); }))), h('tbody', {}, rows));
  }
  function toolIcon(toolId, size) {
    return h('img', { src: 'assets/tools/' + encodeURIComponent(toolId) + '/icon.svg', alt: '', width: size, height: size });
  }

  // ---------------------------------------------------------------- status messages
  var toastTimer = null;
  function toast(message, options) {
    options = options || {};
    var box = $('status');
    clear(box);
    var node = h('div', { class: 'toast' + (options.error ? ' error' : '') }, message);
    if (options.logUrl) append(node, [' ', h('a', { href: options.logUrl, text: 'Request log' })]);
    box.appendChild(node);
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { clear(box); }, options.error ? 12000 : 5000);
  }
  function fail(err) {
    if (err && err.signedOut) return;
    toast(err && err.message ? err.message : String(err), { error: true, logUrl: err && err.logUrl });
  }

  // ---------------------------------------------------------------- API
  function ApiError(message, status, logUrl) {
    this.message = message;
    this.status = status;
    this.logUrl = logUrl;
  }
  async function api(method, path, body, headers) {
    var init = { method: method, headers: Object.assign({ Accept: 'application/json', Authorization: 'Bearer ' + apiKey }, headers || {}) };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    var res = await fetch('v1' + path, init);
    var json = null;
    try {
      json = await res.json();
    } catch (err) {
      json = null;
    }
    if (res.status === 401) {
      signOut('The API key was not accepted. Sign in again.');
      var gone = new ApiError('Signed out', 401, null);
      gone.signedOut = true;
      throw gone;
    }
    if (!res.ok || !json || json.status !== 'success') {
      var e = (json && json.error) || {};
      throw new ApiError(e.message || 'The server answered HTTP ' + res.status + '.', res.status, e.log_url || null);
    }
    return json.data;
  }
  async function allIntegrations() {
    var out = [];
    var cursor = null;
    for (var guard = 0; guard < 100; guard++) {
      var data = await api('GET', '/integrations?page_size=250' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
      out = out.concat(data.results);
      if (!data.next) break;
      cursor = data.next;
    }
    return out;
  }
  async function tools() {
    if (!toolsCache) toolsCache = (await api('GET', '/tools/ats')).tools;
    return toolsCache;
  }

  // ---------------------------------------------------------------- page frame
  function page(title, actions, focus) {
    var main = $('main');
    clear(main);
    var heading = h('h1', { tabindex: '-1', id: 'page-title', text: title });
    main.appendChild(h('div', { class: 'page-head' }, heading, actions || null));
    if (focus) heading.focus();
    return main;
  }
  function panel(title) {
    var section = h('section', { class: 'panel', 'aria-label': title || undefined });
    if (title) section.appendChild(h('h2', { text: title }));
    for (var i = 1; i < arguments.length; i++) append(section, arguments[i]);
    return section;
  }
  function busy(button, promise) {
    button.disabled = true;
    return promise.then(
      function (v) { button.disabled = false; return v; },
      function (e) { button.disabled = false; throw e; },
    );
  }
  function copyField(label, value, id) {
    var input = h('input', { type: 'text', readonly: true, value: value, id: id, 'aria-label': label });
    var copy = h('button', {
      type: 'button',
      class: 'secondary',
      text: 'Copy',
      onclick: function () {
        input.select();
        var done = function () { toast('Copied.'); };
        if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(value).then(done, function () { document.execCommand('copy'); done(); });
        else { document.execCommand('copy'); done(); }
      },
    });
    return h('div', { class: 'result-link' }, input, copy);
  }
  function stopPolling() {
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = null;
  }
  function poll(fn, ms) {
    stopPolling();
    pollTimer = setTimeout(fn, ms);
  }
  /**
   * Re-renders the current view in place (after an action, or while a sync runs) without losing
   * the keyboard focus or the opened <details>: elements are matched by id or data-key.
   */
  function keyOf(el) {
    return el ? el.id || el.getAttribute('data-key') : null;
  }
  function findKey(key) {
    return document.getElementById(key) || document.querySelector('[data-key="' + key.replace(/["\\]/g, '') + '"]');
  }
  function preserve(render) {
    var focusKey = document.activeElement && document.activeElement !== document.body ? keyOf(document.activeElement) : null;
    var open = Array.prototype.map.call(document.querySelectorAll('#main details[open]'), keyOf).filter(Boolean);
    return Promise.resolve(render()).then(function () {
      open.forEach(function (key) {
        var el = findKey(key);
        if (el) el.open = true;
      });
      var target = focusKey ? findKey(focusKey) : null;
      if (target && document.activeElement !== target) target.focus();
    });
  }

  // ---------------------------------------------------------------- sign in
  function signOut(message) {
    apiKey = null;
    toolsCache = null;
    try {
      window.sessionStorage.removeItem(STORAGE_KEY);
    } catch (err) {
      /* nothing stored */
    }
    stopPolling();
    renderSignIn(message);
  }
  function renderSignIn(message) {
    $('topbar').hidden = true;
    var main = $('main');
    clear(main);
    var input = h('input', { id: 'api-key', name: 'api-key', type: 'password', autocomplete: 'current-password', required: true, 'aria-describedby': 'api-key-help' });
    var alert = h('div', { class: 'alert', role: 'alert', hidden: !message }, message ? h('p', { text: message }) : null);
    var button = h('button', { type: 'submit', class: 'primary', text: 'Sign in' });
    var form = h(
      'form',
      {
        class: 'panel signin',
        onsubmit: async function (event) {
          event.preventDefault();
          var key = input.value.trim();
          if (!key) return;
          button.disabled = true;
          var res;
          try {
            res = await fetch('v1/check-api-key', { headers: { Authorization: 'Bearer ' + key, Accept: 'application/json' } });
          } catch (err) {
            res = null;
          }
          button.disabled = false;
          if (!res || res.status !== 200) {
            clear(alert);
            alert.appendChild(h('p', { text: res ? 'This API key is not valid.' : 'The server could not be reached.' }));
            alert.hidden = false;
            input.setAttribute('aria-invalid', 'true');
            input.focus();
            return;
          }
          apiKey = key;
          try {
            window.sessionStorage.setItem(STORAGE_KEY, key);
          } catch (err) {
            /* kept in memory only */
          }
          if (!location.hash || location.hash.indexOf('#/') !== 0) location.hash = '#/integrations';
          route(true);
        },
      },
      h('h1', { text: 'unified-ats dashboard', id: 'page-title', tabindex: '-1' }),
      alert,
      h('div', { class: 'field' }, h('label', { for: 'api-key', text: 'API key' }), input, h('p', { class: 'help', id: 'api-key-help', text: 'Kept in this browser tab only (session storage) and sent to this server as a Bearer token.' })),
      h('div', { class: 'actions' }, button),
    );
    main.appendChild(form);
    input.focus();
  }

  // ---------------------------------------------------------------- integrations
  function freshness(integration) {
    var s = integration.sync_state;
    var parts = [];
    if (s.status === 'RUNNING') parts.push(badge('RUNNING', 'syncing'), ' ');
    else if (s.status === 'QUEUED') parts.push(badge('QUEUED', 'queued'), ' ');
    parts.push(s.last_successful_sync_at ? time(s.last_successful_sync_at, 'synced ' + ago(s.last_successful_sync_at)) : 'never synced');
    // The space keeps the words apart where .sub is inline (copying, screen readers, narrow tables).
    if (s.last_sync && s.last_sync.state !== 'SUCCEEDED') parts.push(' ', h('span', { class: 'sub' }, 'last run: ', badge(s.last_sync.state)));
    return parts;
  }

  var integrationOrder = 'newest';
  /** Ids are random, so the API's order means nothing to a person: newest first, or by organization. */
  function sortIntegrations(list) {
    return list.slice().sort(function (a, b) {
      if (integrationOrder === 'name') {
        var byName = a.end_user.organization_name.localeCompare(b.end_user.organization_name);
        if (byName !== 0) return byName;
      }
      return a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0;
    });
  }
  function setupCell(i) {
    var p = i.sync_state.setup_pending;
    if (!p || !p.next_retry_at) return badge(i.setup_status);
    return [badge(i.setup_status), ' ', h('span', { class: 'sub' }, 'retry ', time(p.next_retry_at))];
  }

  async function viewIntegrations(focus) {
    var seq = ++renderSeq;
    var refresh = h('button', { type: 'button', class: 'secondary', text: 'Refresh', 'data-key': 'refresh', onclick: function () { preserve(function () { return viewIntegrations(false); }).catch(fail); } });
    var create = h('a', { class: 'button primary', href: '#/connect', text: 'New connection link' });
    var list = sortIntegrations(await allIntegrations());
    if (seq !== renderSeq) return;
    var order = h(
      'select',
      {
        id: 'integration-order',
        'aria-label': 'Order integrations',
        onchange: function () {
          integrationOrder = order.value;
          preserve(function () { return viewIntegrations(false); }).catch(fail);
        },
      },
      h('option', { value: 'newest', text: 'Newest first', selected: integrationOrder === 'newest' }),
      h('option', { value: 'name', text: 'By organization', selected: integrationOrder === 'name' }),
    );
    var main = page('Integrations', h('div', { class: 'head-actions' }, order, refresh, create), focus);
    if (list.length === 0) {
      main.appendChild(panel(null, h('p', { class: 'empty' }, 'No integrations yet. ', h('a', { href: '#/connect', text: 'Create a connection link' }), ' and send it to a customer.')));
      return;
    }
    var rows = list.map(function (i) {
      return h(
        'tr',
        { 'data-integration-id': i.id },
        td('Tool', h('span', { class: 'tool-cell' }, toolIcon(i.tool.id, 24), i.tool.label)),
        td('Organization', [i.end_user.organization_name, i.end_user.origin_id ? h('span', { class: 'sub', text: i.end_user.origin_id }) : null]),
        td('Status', badge(i.status)),
        td('Setup', setupCell(i)),
        td('Freshness', freshness(i)),
        td('', h('a', { href: '#/integrations/' + encodeURIComponent(i.id), text: 'Open', 'data-key': 'open-' + i.id, 'aria-label': 'Open ' + i.tool.label + ' for ' + i.end_user.organization_name })),
      );
    });
    main.appendChild(panel(null, table(['Tool', 'Organization', 'Status', 'Setup', 'Freshness', ''], rows)));
    var active = list.some(function (i) { return i.sync_state.status !== 'IDLE'; });
    if (active) poll(function () { if (seq === renderSeq) preserve(function () { return viewIntegrations(false); }).catch(fail); }, 2000);
  }

  /** While a run goes: each model's records and pages so far. */
  function liveProgress(progress) {
    var models = Object.keys(progress.models);
    if (!models.length) return h('span', { class: 'muted', text: 'starting…' });
    return h('ul', { class: 'progress-list' }, models.map(function (m) {
      var p = progress.models[m];
      var mark = p.state === 'LISTING' ? ' (reading…)' : p.state === 'FAILED' ? ' (failed)' : '';
      return h('li', { 'data-model': m, text: m + ': ' + p.records + ' records, ' + p.pages + (p.pages === 1 ? ' page' : ' pages') + mark });
    }));
  }
  function retryNote(progress) {
    if (!progress || (!progress.retries && !progress.rate_limit_waits)) return null;
    return h('span', { class: 'sub', text: progress.retries + (progress.retries === 1 ? ' retry' : ' retries') + ', ' + progress.rate_limit_waits + ' rate-limit (429) ' + (progress.rate_limit_waits === 1 ? 'wait' : 'waits') });
  }
  /** One line per distinct error, with how often and where, each opening the run's error details. */
  function errorCell(run, integrationId) {
    var groups = run.progress && run.progress.errors;
    if (!groups || !groups.length) return run.error ? h('span', { text: run.error }) : '—';
    var details = '#/integrations/' + encodeURIComponent(integrationId) + '/syncs/' + encodeURIComponent(run.id);
    return h('ul', { class: 'error-groups' }, groups.map(function (g, n) {
      var where = g.models.length ? ' · ' + g.models.join(', ') : '';
      return h('li', {}, h('strong', { text: g.count + '×' }), ' ', g.message, h('span', { class: 'sub', text: where }), ' ',
        h('a', { href: details + '/errors/' + n, class: 'details-link', text: 'Details', 'aria-label': 'Details of error ' + (n + 1) + ' of this run' }));
    }));
  }

  /** What an operator can do about an error, by its code. */
  var ERROR_HINTS = {
    'REMOTE.SERVICE_UNAVAILABLE': 'The tool could not be reached or answered with a server error. Nothing needs doing here: the next sync tries again, and what was read is kept.',
    'REMOTE.RATE_LIMIT_EXCEEDED': 'The tool kept answering 429 (rate limited) after every retry. Other software using the same credentials may be spending the limit.',
    'REMOTE.UNKNOWN_HTTP_ERROR': 'The tool answered with an error the connector could not classify (often a server error on its side; the message has its status). The next sync tries again; if it repeats, report it with this run id.',
    'REMOTE.INPUT_INVALID': 'The tool refused a request the connector made; the message says which. If it repeats, report it with this run id.',
    'INTEGRATION.AUTHENTICATION_INVALID': 'The tool no longer accepts the credentials. Send the customer a reconnection link (Reconnect on the integration page).',
    'INTEGRATION.PERMISSION_MISSING': 'The credentials lack a permission this data needs. Ask the customer to grant it in the tool, then force a sync.',
  };

  async function viewSync(integrationId, runId, focusError, focus) {
    var seq = ++renderSeq;
    var run = await api('GET', '/integrations/' + encodeURIComponent(integrationId) + '/syncs/' + encodeURIComponent(runId));
    if (seq !== renderSeq) return;
    var main = page('Sync run', h('a', { href: '#/integrations/' + encodeURIComponent(integrationId), class: 'link-button', text: 'Back to the integration' }), focus);
    var progress = run.progress || { retries: 0, rate_limit_waits: 0, errors: [] };
    main.appendChild(panel(null, h(
      'dl',
      { class: 'facts', id: 'run-facts' },
      h('dt', { text: 'Run' }), h('dd', {}, h('code', { text: run.id })),
      h('dt', { text: 'Type' }), h('dd', { text: run.type }),
      h('dt', { text: 'State' }), h('dd', {}, badge(run.state)),
      h('dt', { text: 'Started' }), h('dd', {}, time(run.started_at || run.created_at)),
      h('dt', { text: 'Duration' }), h('dd', { text: duration(run.duration_seconds) }),
      h('dt', { text: 'Retries' }), h('dd', { text: progress.retries + ' (' + progress.rate_limit_waits + ' after a 429)' }),
    )));
    var groups = progress.errors || [];
    if (!groups.length) {
      main.appendChild(panel('Errors', h('p', { class: 'empty', text: run.error || 'This run had no errors.' })));
      return;
    }
    var items = groups.map(function (g, n) {
      var hint = ERROR_HINTS[g.code] || 'An unexpected error. The server log around the time shown has the details (search it for this run id).';
      return h(
        'section',
        { class: 'panel error-detail', id: 'error-' + n, 'aria-label': 'Error ' + (n + 1), tabindex: '-1' },
        h('h2', { text: 'Error ' + (n + 1) + (g.code ? ': ' + g.code : '') }),
        h('p', { class: 'error-message', text: g.message }),
        h(
          'dl',
          { class: 'facts' },
          h('dt', { text: 'Occurred' }), h('dd', { text: g.count + (g.count === 1 ? ' time' : ' times') }),
          h('dt', { text: 'Models' }), h('dd', { text: g.models.length ? g.models.join(', ') : 'the whole run' }),
          h('dt', { text: 'First seen' }), h('dd', {}, time(g.first_at)),
        ),
        h('p', { class: 'help', text: hint }),
      );
    });
    items.forEach(function (item) { main.appendChild(item); });
    var target = focusError !== null && items[focusError];
    if (target) {
      target.scrollIntoView({ block: 'start' });
      target.focus({ preventScroll: true });
    }
  }

  function runRows(runs, integrationId) {
    return runs.map(function (run) {
      var totals = { created: 0, updated: 0, deleted: 0, unchanged: 0 };
      var models = Object.keys(run.stats);
      models.forEach(function (m) {
        Object.keys(totals).forEach(function (k) { totals[k] += run.stats[m][k] || 0; });
      });
      var counts = models.length
        ? h(
            'details',
            { class: 'counts', 'data-key': 'run-' + run.id },
            h('summary', { 'data-key': 'run-summary-' + run.id, text: totals.created + ' created, ' + totals.updated + ' updated, ' + totals.deleted + ' deleted, ' + totals.unchanged + ' unchanged' }),
            h(
              'table',
              {},
              h('thead', {}, h('tr', {}, ['Model', 'Created', 'Updated', 'Deleted', 'Unchanged'].map(function (t) { return h('th', { scope: 'col', text: t }); }))),
              h('tbody', {}, models.map(function (m) {
                var c = run.stats[m];
                return h('tr', {}, h('td', { text: m }), h('td', { text: c.created }), h('td', { text: c.updated }), h('td', { text: c.deleted }), h('td', { text: c.unchanged }));
              })),
            ),
          )
        : run.state === 'RUNNING' && run.progress
          ? liveProgress(run.progress)
          : h('span', { class: 'muted', text: run.state === 'QUEUED' || run.state === 'RUNNING' ? 'in progress' : 'no records' });
      return h(
        'tr',
        { 'data-run-id': run.id },
        td('Started', time(run.started_at || run.created_at)),
        td('Type', run.type),
        td('State', [badge(run.state), retryNote(run.progress)]),
        td('Duration', duration(run.duration_seconds)),
        td('Records', counts, 'full'),
        td('Error', errorCell(run, integrationId), 'full'),
      );
    });
  }

  async function viewIntegration(id, focus) {
    var seq = ++renderSeq;
    var path = '/integrations/' + encodeURIComponent(id);
    var results = await Promise.all([api('GET', path), api('GET', path + '/syncs?page_size=25')]);
    if (seq !== renderSeq) return;
    var i = results[0];
    var runs = results[1].results;
    var reload = function () { return preserve(function () { return viewIntegration(id, false); }); };

    var forceSync = h('button', {
      type: 'button',
      class: 'primary',
      id: 'force-sync',
      text: 'Force sync',
      disabled: i.status !== 'ACTIVE',
      title: i.status !== 'ACTIVE' ? 'Only active integrations sync.' : undefined,
      onclick: function () {
        busy(forceSync, api('POST', '/force-sync', { type: 'FULL' }, { 'X-Integration-Id': i.id }))
          .then(function (data) {
            toast(data.already_queued ? 'A sync was already queued or running.' : 'Sync queued.');
            return reload();
          })
          .catch(fail);
      },
    });
    var enabled = i.status !== 'INACTIVE';
    var toggle = h('button', {
      type: 'button',
      class: 'secondary',
      id: 'toggle-enabled',
      text: enabled ? 'Disable' : 'Enable',
      onclick: function () {
        busy(toggle, api('PUT', path + '/enabled', { value: !enabled }))
          .then(function () {
            toast(enabled ? 'Integration disabled: it no longer syncs.' : 'Integration enabled: a sync is queued.');
            return reload();
          })
          .catch(fail);
      },
    });
    var linkArea = h('div', { id: 'relink-result' }, lastRelink.integrationId === i.id ? copyField('Reconnection link', lastRelink.link, 'relink-url') : null);
    var linkType = h('select', { id: 'relink-type', 'aria-label': 'Reconnection link type' }, h('option', { value: 'MAGIC_LINK', text: 'Valid 1 year (to send)' }), h('option', { value: 'EMBEDDED', text: 'Valid 1 hour (embedded)' }));
    var relink = h('button', {
      type: 'button',
      class: 'secondary',
      id: 'relink',
      text: 'Create reconnection link',
      onclick: function () {
        busy(relink, api('POST', path + '/relink', { link_type: linkType.value, language: 'en' }))
          .then(function (data) {
            lastRelink = { integrationId: i.id, link: data.link };
            clear(linkArea);
            linkArea.appendChild(copyField('Reconnection link', data.link, 'relink-url'));
            $('relink-url').focus();
          })
          .catch(fail);
      },
    });
    var remove = h('button', {
      type: 'button',
      class: 'danger',
      id: 'delete-integration',
      text: 'Delete',
      onclick: function () {
        if (!window.confirm('Delete the ' + i.tool.label + ' integration of ' + i.end_user.organization_name + ' and all its synced data?')) return;
        busy(remove, api('DELETE', path, {}))
          .then(function () {
            toast('Integration deleted.');
            location.hash = '#/integrations';
          })
          .catch(fail);
      },
    });

    var main = page(i.tool.label + ' · ' + i.end_user.organization_name, h('a', { href: '#/integrations', class: 'link-button', 'data-key': 'all-integrations', text: 'All integrations' }), focus);
    var s = i.sync_state;
    main.appendChild(
      panel(
        'Integration',
        h(
          'dl',
          { class: 'facts' },
          h('dt', { text: 'Id' }), h('dd', {}, h('code', { text: i.id })),
          h('dt', { text: 'Status' }), h('dd', {}, badge(i.status)),
          h('dt', { text: 'Setup' }), h('dd', { id: 'setup-state' }, badge(i.setup_status), s.setup_pending ? h('p', { class: 'help', id: 'setup-pending-reason', text: s.setup_pending.reason }) : null),
          h('dt', { text: 'Freshness' }), h('dd', {}, freshness(i)),
          h('dt', { text: 'Sync' }), h('dd', {}, badge(s.status, s.status === 'IDLE' ? 'idle' : s.status.toLowerCase())),
          h('dt', { text: 'End user' }), h('dd', { text: [i.end_user.creator_email, i.end_user.origin_id ? 'id ' + i.end_user.origin_id : null].filter(Boolean).join(' · ') || '—' }),
          h('dt', { text: 'Created' }), h('dd', {}, time(i.created_at)),
        ),
        h('div', { class: 'toolbar' }, forceSync, toggle, remove),
      ),
    );
    main.appendChild(
      panel(
        'Reconnection',
        h('p', { class: 'help', text: 'When the credentials stop working (status invalid), send the customer a reconnection link: they enter new credentials and the integration is active again.' }),
        h('div', { class: 'inline-form' }, linkType, relink),
        linkArea,
      ),
    );
    if (i.inbound_webhook) main.appendChild(inboundPanel(i.inbound_webhook, i.tool.label, path, reload));
    main.appendChild(panel('Sync runs', runs.length ? table(['Started', 'Type', 'State', 'Duration', 'Records', 'Error'], runRows(runs, id)) : h('p', { class: 'empty', text: 'No sync has run yet.' })));
    if (s.status !== 'IDLE') poll(function () { if (seq === renderSeq) reload().catch(fail); }, 1500);
  }

  /**
   * The vendor's webhooks to us: registered through its API, or the URL and secret to enter in its
   * settings; where the vendor generates the signing key, a field to give it to us.
   */
  function inboundPanel(w, label, path, reload) {
    var manual = w.mode === 'manual';
    var vendorKey = null;
    if (w.vendor_secret) {
      var input = h('input', { id: 'inbound-webhook-vendor-secret', type: 'password', autocomplete: 'off', spellcheck: 'false', 'aria-label': label + ' signing key' });
      var save = h('button', { type: 'submit', class: 'secondary', id: 'save-vendor-secret', text: w.vendor_secret === 'SET' ? 'Replace key' : 'Save key' });
      vendorKey = h(
        'form',
        {
          class: 'inline-form',
          id: 'vendor-secret-form',
          onsubmit: function (event) {
            event.preventDefault();
            busy(save, api('PUT', path + '/inbound-webhook/vendor-secret', { secret: input.value }))
              .then(function () {
                toast(label + ' signing key saved: its webhooks are verified with it.');
                return reload();
              })
              .catch(fail);
          },
        },
        input,
        save,
      );
    }
    return panel(
      label + ' webhooks',
      h('p', { class: 'help', text: manual ? w.instructions : 'Changes in ' + label + ' reach this server within seconds. ' + w.instructions }),
      h(
        'dl',
        { class: 'facts', id: 'inbound-webhook' },
        h('dt', { text: 'Status' }), h('dd', {}, badge(w.status), w.error ? h('p', { class: 'help', id: 'inbound-webhook-error', text: w.error }) : null),
        h('dt', { text: 'URL' }), h('dd', {}, h('code', { id: 'inbound-webhook-url', text: w.url })),
        w.secret ? h('dt', { text: 'Secret' }) : null, w.secret ? h('dd', {}, h('code', { id: 'inbound-webhook-secret', text: w.secret })) : null,
        vendorKey ? h('dt', { text: 'Signing key' }) : null,
        vendorKey ? h('dd', {}, badge(w.vendor_secret), h('p', { class: 'help', text: 'The key ' + label + ' shows for this webhook; deliveries are refused until it is saved here.' }), vendorKey) : null,
        h('dt', { text: 'Events' }), h('dd', { text: w.events.join(', ') }),
        h('dt', { text: 'Last delivery' }), h('dd', {}, w.last_delivery_at ? time(w.last_delivery_at) : h('span', { text: 'none yet' })),
      ),
    );
  }

  // ---------------------------------------------------------------- connection links
  async function viewConnect(focus) {
    var seq = ++renderSeq;
    var list = await tools();
    if (seq !== renderSeq) return;
    var main = page('Connection links', null, focus);
    var field = function (id, label, input, help) {
      return h('div', { class: 'field' }, h('label', { for: id, text: label }), input, help ? h('p', { class: 'help', id: id + '-help', text: help }) : null);
    };
    var org = h('input', { id: 'link-org', type: 'text', required: true, autocomplete: 'organization' });
    var email = h('input', { id: 'link-email', type: 'email', required: true, autocomplete: 'off' });
    var origin = h('input', { id: 'link-origin', type: 'text', autocomplete: 'off', 'aria-describedby': 'link-origin-help' });
    var tool = h('select', { id: 'link-tool' }, h('option', { value: '', text: 'Let the customer choose' }), list.map(function (t) { return h('option', { value: t.id, text: t.label }); }));
    var type = h('select', { id: 'link-type', 'aria-describedby': 'link-type-help' }, h('option', { value: 'MAGIC_LINK', text: 'To send: valid 1 year' }), h('option', { value: 'EMBEDDED', text: 'For showKomboConnect: valid 1 hour' }));
    var result = h('div', { id: 'link-result', 'aria-live': 'polite' });
    var submit = h('button', { type: 'submit', class: 'primary', text: 'Create link' });
    var form = h(
      'form',
      {
        id: 'create-link',
        onsubmit: function (event) {
          event.preventDefault();
          var body = {
            end_user_email: email.value.trim(),
            end_user_organization_name: org.value.trim(),
            end_user_origin_id: origin.value.trim() || null,
            integration_category: 'ATS',
            integration_tool: tool.value || null,
            link_type: type.value,
            language: 'en',
          };
          busy(submit, api('POST', '/connect/create-link', body))
            .then(function (data) {
              clear(result);
              result.appendChild(h('p', { class: 'help', text: 'Single use. Whoever opens it connects a tool for ' + body.end_user_organization_name + '.' }));
              result.appendChild(copyField('Connection link', data.link, 'link-url'));
              result.appendChild(h('p', {}, h('a', { href: data.link, target: '_blank', rel: 'noopener', text: 'Open the link' })));
              $('link-url').focus();
            })
            .catch(fail);
        },
      },
      h(
        'div',
        { class: 'grid-form' },
        field('link-org', 'Organization name', org),
        field('link-email', 'End user email', email),
        field('link-origin', 'Your id for this customer (optional)', origin, 'Sent back as end_user.origin_id.'),
        field('link-tool', 'Tool', tool),
        field('link-type', 'Link type', type, 'Embedded links are for showKomboConnect() in your app.'),
      ),
      h('div', { class: 'actions' }, submit),
    );
    main.appendChild(panel('Create a connection link', form, result));
    var rows = list.map(function (t) {
      var reads = t.coverage.read_models.filter(function (m) { return m.coverage_status === 'SUPPORTED'; }).length;
      var writes = t.coverage.write_actions.filter(function (a) { return a.coverage_status === 'SUPPORTED'; }).length;
      return h(
        'tr',
        {},
        td('Tool', h('span', { class: 'tool-cell' }, toolIcon(t.id, 24), t.label)),
        td('Read models', reads + ' of ' + t.coverage.read_models.length),
        td('Write actions', writes + ' of ' + t.coverage.write_actions.length),
      );
    });
    main.appendChild(panel('Available tools', table(['Tool', 'Read models', 'Write actions'], rows)));
  }

  // ---------------------------------------------------------------- webhooks
  async function viewWebhooks(focus) {
    var seq = ++renderSeq;
    var data = await api('GET', '/webhooks');
    if (seq !== renderSeq) return;
    var main = page('Webhooks', null, focus);
    var rows = data.results.map(function (w) {
      var remove = h('button', {
        type: 'button',
        class: 'danger',
        text: 'Remove',
        'aria-label': 'Remove ' + w.url,
        onclick: function () {
          if (!window.confirm('Stop sending webhooks to ' + w.url + '?')) return;
          busy(remove, api('DELETE', '/webhooks/' + encodeURIComponent(w.id)))
            .then(function () { toast('Endpoint removed.'); return viewWebhooks(false); })
            .catch(fail);
        },
      });
      return h(
        'tr',
        {},
        td('URL', h('code', { text: w.url })),
        td('Description', w.description || '—'),
        td('Added', time(w.created_at)),
        td('', h('span', { class: 'toolbar' }, h('a', { class: 'button secondary', href: '#/webhooks/' + encodeURIComponent(w.id), text: 'Deliveries', 'aria-label': 'Deliveries to ' + w.url }), remove)),
      );
    });
    main.appendChild(panel('Endpoints', rows.length ? table(['URL', 'Description', 'Added', ''], rows) : h('p', { class: 'empty', text: 'No endpoints yet.' })));

    var url = h('input', { id: 'hook-url', type: 'url', required: true, placeholder: 'https://example.com/webhooks/unified-ats' });
    var description = h('input', { id: 'hook-description', type: 'text', maxlength: '200' });
    var secretOut = h('div', { 'aria-live': 'polite' });
    var submit = h('button', { type: 'submit', class: 'primary', text: 'Add endpoint' });
    var form = h(
      'form',
      {
        onsubmit: function (event) {
          event.preventDefault();
          var body = { url: url.value.trim() };
          if (description.value.trim()) body.description = description.value.trim();
          busy(submit, api('POST', '/webhooks', body))
            .then(function (created) {
              return viewWebhooks(false).then(function () {
                var box = h('div', { class: 'notice' }, h('p', { text: 'Endpoint added. Its signing secret is shown only now:' }), copyField('Signing secret', created.secret, 'hook-secret'));
                $('main').appendChild(box);
                $('hook-secret').focus();
              });
            })
            .catch(fail);
        },
      },
      h('div', { class: 'grid-form' }, h('div', { class: 'field' }, h('label', { for: 'hook-url', text: 'URL' }), url), h('div', { class: 'field' }, h('label', { for: 'hook-description', text: 'Description (optional)' }), description)),
      h('div', { class: 'actions' }, submit),
    );
    main.appendChild(panel('Add an endpoint', form, secretOut));
  }

  async function viewDeliveries(id, focus) {
    var seq = ++renderSeq;
    var results = await Promise.all([api('GET', '/webhooks'), api('GET', '/webhooks/' + encodeURIComponent(id) + '/deliveries?limit=50')]);
    if (seq !== renderSeq) return;
    var endpoint = results[0].results.find(function (w) { return w.id === id; });
    var deliveries = results[1].results;
    var reload = function () { return preserve(function () { return viewDeliveries(id, false); }); };
    var refresh = h('button', { type: 'button', class: 'secondary', text: 'Refresh', 'data-key': 'refresh', onclick: function () { reload().catch(fail); } });
    var main = page('Deliveries', h('div', { class: 'head-actions' }, refresh, h('a', { href: '#/webhooks', class: 'link-button', text: 'All endpoints' })), focus);
    if (endpoint) main.appendChild(h('p', {}, 'To ', h('code', { text: endpoint.url })));
    var rows = deliveries.map(function (d) {
      var redeliver = h('button', {
        type: 'button',
        class: 'secondary',
        text: 'Redeliver',
        disabled: d.state === 'PENDING',
        'data-key': 'redeliver-' + d.id,
        'aria-label': 'Redeliver ' + d.type + ' event ' + d.event_id,
        onclick: function () {
          busy(redeliver, api('POST', '/webhooks/deliveries/' + encodeURIComponent(d.id) + '/redeliver'))
            .then(function () { toast('Delivery queued again.'); return reload(); })
            .catch(fail);
        },
      });
      var attempts = d.attempt_log.length
        ? h('details', { class: 'counts', 'data-key': 'attempts-' + d.id }, h('summary', { 'data-key': 'attempts-summary-' + d.id, text: d.attempts + (d.attempts === 1 ? ' attempt' : ' attempts') }), h('ul', {}, d.attempt_log.map(function (a) {
            return h('li', {}, when(a.attempted_at) + ': ' + (a.status === null ? 'no answer' : 'HTTP ' + a.status) + (a.error ? ' · ' + a.error : '') + ' (' + a.duration_ms + ' ms)');
          })))
        : '0';
      return h(
        'tr',
        {},
        td('Created', time(d.created_at)),
        td('Event', [d.type, h('span', { class: 'sub mono', text: d.event_id })]),
        td('State', badge(d.state)),
        td('Attempts', attempts),
        td('Last answer', d.last_status === null ? (d.last_error || '—') : 'HTTP ' + d.last_status),
        td('', redeliver),
      );
    });
    main.appendChild(panel(null, rows.length ? table(['Created', 'Event', 'State', 'Attempts', 'Last answer', ''], rows) : h('p', { class: 'empty', text: 'Nothing was sent to this endpoint yet.' })));
  }

  // ---------------------------------------------------------------- request logs
  /** The list's filters, kept while the operator moves between the list and a log. */
  var logFilter = { integration_id: '', status: '', path: '' };
  async function viewLogs(focus) {
    var seq = ++renderSeq;
    var query = ['page_size=100'];
    Object.keys(logFilter).forEach(function (k) { if (logFilter[k]) query.push(k + '=' + encodeURIComponent(logFilter[k])); });
    var data = await api('GET', '/request-logs?' + query.join('&'));
    if (seq !== renderSeq) return;
    var main = page('Request logs', null, focus);
    var field = function (id, label, input) { return h('div', { class: 'field' }, h('label', { for: id, text: label }), input); };
    var integration = h('input', { id: 'log-integration', type: 'text', value: logFilter.integration_id, autocomplete: 'off' });
    var status = h('input', { id: 'log-status', type: 'text', value: logFilter.status, placeholder: '404 or 4xx', autocomplete: 'off', inputmode: 'numeric' });
    var path = h('input', { id: 'log-path', type: 'text', value: logFilter.path, placeholder: '/v1/ats/candidates', autocomplete: 'off' });
    var filters = h(
      'form',
      {
        id: 'log-filters',
        onsubmit: function (event) {
          event.preventDefault();
          logFilter = { integration_id: integration.value.trim(), status: status.value.trim(), path: path.value.trim() };
          viewLogs(false).catch(fail);
        },
      },
      h('div', { class: 'grid-form' }, field('log-integration', 'Integration id', integration), field('log-status', 'Status', status), field('log-path', 'Path contains', path)),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', text: 'Filter' })),
    );
    main.appendChild(panel('Filter', filters));
    var rows = data.results.map(function (log) {
      return h(
        'tr',
        { 'data-log-id': log.id },
        td('Time', time(log.created_at)),
        td('Request', h('span', { class: 'mono', text: log.method + ' ' + log.path })),
        td('Status', badge(log.status >= 500 ? 'FAILED' : 'PARTIALLY_FAILED', String(log.status))),
        td('Error', [log.error_code || '—', log.message ? h('span', { class: 'sub', text: log.message }) : null], 'full'),
        td('Integration', log.integration_id ? h('code', { text: log.integration_id }) : '—'),
        td('', h('a', { href: '#/logs/' + encodeURIComponent(log.id), text: 'Open', 'aria-label': 'Open request log ' + log.id })),
      );
    });
    main.appendChild(panel('Requests, newest first', rows.length ? table(['Time', 'Request', 'Status', 'Error', 'Integration', ''], rows) : h('p', { class: 'empty', text: 'No request matches.' })));
    var input = h('input', { id: 'log-id', type: 'text', required: true, 'aria-describedby': 'log-id-help', autocomplete: 'off' });
    var open = h(
      'form',
      {
        onsubmit: function (event) {
          event.preventDefault();
          var value = input.value.trim();
          var match = /\/logs\/([^/?#\s]+)/.exec(value);
          var id = match ? match[1] : value;
          if (id) location.hash = '#/logs/' + encodeURIComponent(decodeURIComponent(id));
        },
      },
      h('div', { class: 'field' }, h('label', { for: 'log-id', text: 'Request log id or log_url' }), input, h('p', { class: 'help', id: 'log-id-help', text: 'Every error answer of the API, and every connection-flow-failed webhook, carries a log_url that opens the log page of that request.' })),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', text: 'Open log' })),
    );
    main.appendChild(panel('Open a request log', open));
  }

  async function viewLog(id, focus) {
    var seq = ++renderSeq;
    var log = await api('GET', '/request-logs/' + encodeURIComponent(id));
    if (seq !== renderSeq) return;
    var main = page('Request log', h('a', { href: '#/logs', class: 'link-button', text: 'All requests' }), focus);
    main.appendChild(
      panel(
        null,
        h(
          'dl',
          { class: 'facts', id: 'log-facts' },
          h('dt', { text: 'Time' }), h('dd', {}, time(log.created_at)),
          h('dt', { text: 'Request' }), h('dd', {}, h('code', { text: log.method + ' ' + log.path })),
          h('dt', { text: 'HTTP status' }), h('dd', { text: String(log.status) }),
          h('dt', { text: 'Duration' }), h('dd', { text: log.duration_ms + ' ms' }),
          h('dt', { text: 'Error code' }), h('dd', { text: log.error_code || '—' }),
          h('dt', { text: 'Message' }), h('dd', { text: log.message || '—' }),
          h('dt', { text: 'Integration' }), h('dd', {}, log.integration_id ? h('a', { href: '#/integrations/' + encodeURIComponent(log.integration_id), text: log.integration_id }) : '—'),
          h('dt', { text: 'Request id' }), h('dd', {}, h('code', { text: log.id })),
        ),
        h('p', { class: 'help', text: 'Query values that may be personal data are shown as "…".' }),
      ),
    );
  }

  // ---------------------------------------------------------------- routing
  /** Errors belong to the page they were shown on; a success message ("Integration deleted.") may follow the user. */
  function clearErrorToast() {
    if (!$('status').querySelector('.toast.error')) return;
    clearTimeout(toastTimer);
    clear($('status'));
  }
  /** A view that could not load replaces the previous one, so no stale page stays on screen. */
  function failedView(err) {
    if (err && err.signedOut) return;
    var notFound = err && err.status === 404;
    var main = page(notFound ? 'Not found' : 'Could not load this page', h('a', { href: '#/integrations', class: 'link-button', text: 'All integrations' }), true);
    var box = h('div', { class: 'alert', role: 'alert', id: 'view-error' }, h('p', { text: err && err.message ? err.message : String(err) }));
    if (err && err.logUrl) box.appendChild(h('p', {}, h('a', { href: err.logUrl, text: 'Request log' })));
    main.appendChild(box);
  }

  function route(focus) {
    stopPolling();
    clearErrorToast();
    if (!apiKey) {
      renderSignIn();
      return;
    }
    $('topbar').hidden = false;
    var hash = location.hash.indexOf('#/') === 0 ? location.hash.slice(2) : 'integrations';
    var parts = hash.split('/').map(function (p) {
      try {
        return decodeURIComponent(p);
      } catch (err) {
        return p;
      }
    });
    var links = document.querySelectorAll('.topbar nav a');
    for (var i = 0; i < links.length; i++) {
      if (links[i].getAttribute('href') === '#/' + parts[0]) links[i].setAttribute('aria-current', 'page');
      else links[i].removeAttribute('aria-current');
    }
    var view;
    if (parts[0] === 'integrations' && parts[1] && parts[2] === 'syncs' && parts[3]) view = viewSync(parts[1], parts[3], parts[4] === 'errors' && /^\d+$/.test(parts[5] || '') ? Number(parts[5]) : null, focus);
    else if (parts[0] === 'integrations' && parts[1]) view = viewIntegration(parts[1], focus);
    else if (parts[0] === 'connect') view = viewConnect(focus);
    else if (parts[0] === 'webhooks' && parts[1]) view = viewDeliveries(parts[1], focus);
    else if (parts[0] === 'webhooks') view = viewWebhooks(focus);
    else if (parts[0] === 'logs' && parts[1]) view = viewLog(parts[1], focus);
    else if (parts[0] === 'logs') view = viewLogs(focus);
    else view = viewIntegrations(focus);
    var seq = renderSeq;
    Promise.resolve(view).catch(function (err) {
      // Only when no other view started meanwhile.
      if (seq === renderSeq) failedView(err);
      else fail(err);
    });
  }

  window.addEventListener('hashchange', function () { route(true); });
  document.addEventListener('DOMContentLoaded', function () {
    $('sign-out').addEventListener('click', function () { signOut(); });
    var skip = document.querySelector('[data-skip]');
    skip.addEventListener('click', function (event) {
      event.preventDefault();
      var title = $('page-title');
      (title || $('main')).focus();
    });
    route(false);
  });
})();
