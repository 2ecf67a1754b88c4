/*
 * Lotse staff console: log in, see the queue (what Lotse understood, in German), claim a
 * request, reply (free text or a quick text sent in the citizen's language), hand back to the
 * bot, close with an outcome. Plain browser JavaScript; strings from /staff/locales/de.json.
 * Everything from the server is shown with textContent, never as HTML.
 */
(function () {
  'use strict';

  var QUEUE_EVERY_MS = 2500;
  var CASE_EVERY_MS = 2000;
  var NOTIFY_KEY = 'lotse.staff.notify';
  /** Set while this browser has a session: without it the console shows the login at once (no 401 call). */
  var SESSION_HINT_KEY = 'lotse.staff.signedIn';
  var RTL = ['ar', 'fa'];
  var LRI = '\u2066';
  var PDI = '\u2069';

  function remember(key, value) {
    try {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, value);
    } catch (e) { /* private mode */ }
  }

  function recalled(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }

  var state = { csrf: null, me: null, selected: null, selectedEtag: null, known: null, timers: [], quickLoaded: false, busy: false };
  var $ = function (id) { return document.getElementById(id); };

  function t(key, options) { return window.i18next.t(key, options); }

  function translatePage() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (el) {
      el.textContent = t(el.getAttribute('data-i18n'));
    });
    document.title = t('title');
  }

  function status(text) { $('status').textContent = text || ''; }
  function announce(text) {
    var el = $('announcer');
    el.textContent = '';
    window.setTimeout(function () { el.textContent = text; }, 50);
  }

  // ---- HTTP --------------------------------------------------------------------------------

  function api(method, path, body) {
    var headers = { Accept: 'application/json' };
    if (method !== 'GET') {
      headers['Content-Type'] = 'application/json';
      if (state.csrf) headers['X-CSRF-Token'] = state.csrf;
    }
    return fetch('/staff/api' + path, { method: method, headers: headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (res) {
        if (res.status === 204) return { ok: true, status: 204, data: null };
        return res.json().then(function (data) { return { ok: res.ok, status: res.status, data: data }; }, function () { return { ok: res.ok, status: res.status, data: null }; });
      })
      .then(function (result) {
        if (result.status === 401 && path !== '/login') showLogin(state.me ? t('login.expired') : '');
        return result;
      });
  }

  function errorText(result) {
    return (result.data && result.data.error && result.data.error.message) || t('errors.generic');
  }

  // ---- language and time -------------------------------------------------------------------

  var languageNames = (function () {
    try { return new Intl.DisplayNames(['de'], { type: 'language' }); } catch (e) { return null; }
  })();

  function languageName(code) {
    if (window.i18next.exists('languages.' + code)) return t('languages.' + code);
    try { return (languageNames && languageNames.of(code)) || code; } catch (e) { return code; }
  }

  function duration(seconds) {
    var m = Math.floor(seconds / 60);
    var s = seconds % 60;
    if (m >= 60) return Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
    return m > 0 ? m + ' min ' + s + ' s' : s + ' s';
  }

  function clock(iso) {
    try { return new Date(iso).toLocaleTimeString('de-DE', { hour: '2-digit', minute: '2-digit' }); } catch (e) { return iso; }
  }

  function subjectOf(item) {
    var parts = [];
    if (item.summary.crisis) parts.push(t('queue.crisis') + ': ' + item.summary.crisis.title);
    item.summary.topics.slice(0, 3).forEach(function (topic) { if (!item.summary.crisis || topic.id !== item.summary.crisis.id) parts.push(topic.title); });
    if (item.summary.flow) parts.push(item.summary.flow.title + (item.summary.flow.n ? ' (' + item.summary.flow.n + '/' + item.summary.flow.total + ')' : ''));
    return parts.length ? parts.join(' · ') : t('reason.' + item.case.reason) + ' – ' + t('queue.noTopic');
  }

  // ---- notifications (opt-in) --------------------------------------------------------------

  var audio = null;
  function beep() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.15;
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + 0.25);
    } catch (e) { /* no sound available */ }
  }

  function notifyNew(item) {
    var text = t('queue.newRequest', { subject: subjectOf(item), language: languageName(item.case.language), kind: t('kind.' + item.case.kind) });
    announce(text);
    if (!$('notify').checked) return;
    beep();
    if ('Notification' in window && Notification.permission === 'granted') {
      try { new Notification(t('title'), { body: text, tag: item.case.id }); } catch (e) { /* not allowed here */ }
    }
  }

  $('notify').addEventListener('change', function () {
    var on = $('notify').checked;
    try { localStorage.setItem(NOTIFY_KEY, on ? '1' : '0'); } catch (e) { /* private mode */ }
    if (on && 'Notification' in window && Notification.permission === 'default') {
      Notification.requestPermission().then(function (permission) { if (permission === 'denied') status(t('header.notifyDenied')); });
    } else if (on && 'Notification' in window && Notification.permission === 'denied') {
      status(t('header.notifyDenied'));
    }
    if (on) beep();
  });

  // ---- login -------------------------------------------------------------------------------

  function stopPolling() {
    state.timers.forEach(function (id) { window.clearInterval(id); });
    state.timers = [];
  }

  function showLogin(message) {
    stopPolling();
    remember(SESSION_HINT_KEY, null);
    updateTitle(0);
    state.me = null;
    state.csrf = null;
    $('console').hidden = true;
    $('controls').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = message || '';
    $('username').focus();
  }

  function showConsole(session) {
    remember(SESSION_HINT_KEY, '1');
    state.me = session.staff;
    state.csrf = session.csrf;
    $('login').hidden = true;
    $('console').hidden = false;
    $('controls').hidden = false;
    $('me').textContent = t('header.loggedInAs', { name: session.staff.displayName });
    $('available').checked = session.available !== false;
    try { $('notify').checked = localStorage.getItem(NOTIFY_KEY) === '1'; } catch (e) { /* private mode */ }
    loadQuickTexts();
    refreshQueue();
    stopPolling();
    state.timers.push(window.setInterval(refreshQueue, QUEUE_EVERY_MS));
    state.timers.push(window.setInterval(function () { if (state.selected) refreshCase(); }, CASE_EVERY_MS));
    // Presence (flows stream): a heartbeat while the console is open, and "leaving" when the tab closes.
    state.timers.push(window.setInterval(function () { api('POST', '/heartbeat', {}); }, 15000));
  }

  window.addEventListener('pagehide', function () {
    if (!state.csrf) return;
    try {
      fetch('/staff/api/heartbeat', { method: 'POST', keepalive: true, credentials: 'same-origin', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': state.csrf }, body: '{"leaving":true}' });
    } catch (e) { /* the page is going away anyway */ }
  });

  $('login-form').addEventListener('submit', function (event) {
    event.preventDefault();
    $('login-error').textContent = '';
    api('POST', '/login', { username: $('username').value, password: $('password').value }).then(function (result) {
      $('password').value = '';
      if (!result.ok) {
        $('login-error').textContent = errorText(result);
        $('password').focus();
        return;
      }
      showConsole(result.data);
      $('main').focus();
    }, function () { $('login-error').textContent = t('errors.network'); });
  });

  $('logout').addEventListener('click', function () {
    api('POST', '/logout').then(function () { showLogin(''); });
  });

  $('available').addEventListener('change', function () {
    api('POST', '/presence', { available: $('available').checked });
  });

  // ---- queue -------------------------------------------------------------------------------

  function button(label, onClick, className) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'button ' + (className || 'button--secondary');
    b.textContent = label;
    b.addEventListener('click', onClick);
    return b;
  }

  /** Text of a row's status cell. */
  function statusText(c) {
    var text = t('status.' + c.status);
    if (c.status === 'active' && c.claimedBy) text += ' – ' + c.claimedBy.displayName;
    if (c.status === 'closed' && c.outcome) text += ' – ' + t('outcome.' + c.outcome);
    if (c.citizenWroteAt && c.status !== 'closed') text += ' – ' + t('queue.newMessage');
    if (c.citizenGone) text += ' – ' + t('queue.gone');
    return text;
  }

  /** One row per case, updated in place: a keyboard user's focus survives the polling. */
  function renderRow(row, item) {
    var c = item.case;
    var cells = [t('kind.' + c.kind), languageName(c.language), c.channel, duration(item.waitingSeconds), subjectOf(item), statusText(c)];
    while (row.cells.length < cells.length + 1) row.appendChild(document.createElement('td'));
    cells.forEach(function (text, i) { if (row.cells[i].textContent !== text) row.cells[i].textContent = text; });
    row.className = 'queue__row queue__row--' + c.status + (c.crisis ? ' queue__row--crisis' : '') + (state.selected === c.id ? ' is-selected' : '');
    var actions = row.cells[cells.length];
    var wanted = c.status === 'waiting' ? 'open claim' : 'open';
    if (actions.getAttribute('data-buttons') !== wanted) {
      actions.textContent = '';
      actions.appendChild(button(t('queue.open'), function () { select(c.id); }));
      if (c.status === 'waiting') actions.appendChild(button(t('queue.claim'), function () { claim(c.id, row.getAttribute('data-etag')); }, 'button--primary'));
      actions.setAttribute('data-buttons', wanted);
    }
    row.setAttribute('data-etag', item.etag);
  }

  function renderQueue(data) {
    var body = $('queue-body');
    $('queue-empty').hidden = data.items.length > 0;
    $('queue-table').hidden = data.items.length === 0;
    $('online').textContent = t('header.staffOnline', { count: data.staffOnline });
    var existing = {};
    Array.prototype.forEach.call(body.rows, function (row) { existing[row.getAttribute('data-case')] = row; });
    var ids = data.items.map(function (item) { return item.case.id; });
    Object.keys(existing).forEach(function (id) { if (ids.indexOf(id) < 0) body.removeChild(existing[id]); });
    data.items.forEach(function (item, index) {
      var row = existing[item.case.id];
      if (!row) {
        row = document.createElement('tr');
        row.setAttribute('data-case', item.case.id);
      }
      renderRow(row, item);
      // Move only rows that are out of place (moving a row would take the focus away).
      if (body.rows[index] !== row) body.insertBefore(row, body.rows[index] || null);
    });
  }

  /** "(2) Lotse · Konsole": waiting requests are visible in the browser tab too. */
  function updateTitle(waitingCount) {
    document.title = (waitingCount > 0 ? '(' + waitingCount + ') ' : '') + t('title');
  }

  function checkNew(items) {
    var waiting = items.filter(function (i) { return i.case.status === 'waiting'; });
    updateTitle(waiting.length);
    if (state.known) waiting.forEach(function (i) { if (!state.known[i.case.id]) notifyNew(i); });
    state.known = {};
    waiting.forEach(function (i) { state.known[i.case.id] = true; });
  }

  function refreshQueue() {
    return api('GET', '/queue').then(function (result) {
      if (!result.ok) return;
      renderQueue(result.data);
      checkNew(result.data.items);
      var selected = result.data.items.filter(function (i) { return i.case.id === state.selected; })[0];
      if (selected) state.selectedEtag = selected.etag;
      if (result.data.webhookFailures > 0) loadWebhooks(); else $('webhooks').hidden = true;
    }, function () { status(t('errors.network')); });
  }

  // ---- webhook failures --------------------------------------------------------------------

  function loadWebhooks() {
    api('GET', '/webhooks').then(function (result) {
      if (!result.ok) return;
      var failed = result.data.items.filter(function (d) { return d.status === 'failed'; });
      $('webhooks').hidden = failed.length === 0;
      $('webhooks-summary').textContent = t('webhook.failed', { count: failed.length });
      var list = $('webhooks-list');
      list.textContent = '';
      failed.forEach(function (d) {
        var li = document.createElement('li');
        var span = document.createElement('span');
        span.textContent = t('webhook.event', { type: d.event.type, time: clock(d.event.occurredAt), attempts: d.attempts, error: d.lastError || '' }) + ' ';
        li.appendChild(span);
        li.appendChild(button(t('webhook.retry'), function () {
          api('POST', '/webhooks/' + encodeURIComponent(d.event.id) + '/retry', {}).then(function (r) { status(r.ok ? t('webhook.retried') : errorText(r)); refreshQueue(); });
        }));
        list.appendChild(li);
      });
    });
  }

  // ---- one case ----------------------------------------------------------------------------

  function fact(list, label, value) {
    if (!value) return;
    var dt = document.createElement('dt');
    dt.textContent = label;
    var dd = document.createElement('dd');
    dd.textContent = value;
    list.appendChild(dt);
    list.appendChild(dd);
  }

  function preferredTime(value) {
    if (typeof value !== 'string') return '';
    return value.indexOf('slot:') === 0 ? t('slot.' + value.slice(5)) : value;
  }

  /** Numbers, times and bracketed German terms read left to right inside Arabic or Persian. */
  function isolateLeftToRight(text) {
    return String(text)
      .replace(/\(([A-Za-zÄÖÜäöüß][^()\n]*)\)/g, '(' + LRI + '$1' + PDI + ')')
      .replace(/\+?\d[\d \-\/:.–]*\d|\d/g, function (run) { return LRI + run + PDI; })
      .replace(/\[[A-ZÄÖÜ_]+\]/g, function (mark) { return LRI + mark + PDI; });
  }

  /** The reply box speaks the citizen's language: direction, name, and a mark for German replies. */
  function setCitizenLanguage(code) {
    var reply = $('reply');
    reply.dir = 'auto';
    if (reply.getAttribute('data-language') === code) return;
    reply.setAttribute('data-language', code);
    reply.lang = code;
    $('reply-language').textContent = t('case.citizenWrites', { language: languageName(code) + (RTL.indexOf(code) >= 0 ? ' – ' + t('case.rightToLeft') : '') });
    checkReplyLanguage();
  }

  /** Common German words: enough to notice a German reply to someone who wrote in another language. */
  var GERMAN_WORDS = /(^|[^\p{L}])(und|oder|nicht|ist|sind|sie|ihr|ihre|ihnen|ich|wir|der|die|das|den|dem|ein|eine|einen|mit|für|auf|bitte|danke|gerne|haben|werden|kann|können|wird|guten|tag|hallo|schreiben|bescheid|antrag|jobcenter)(?=$|[^\p{L}])/giu;

  function looksGerman(text) {
    var matches = text.match(GERMAN_WORDS) || [];
    var words = text.split(/\s+/).filter(Boolean).length;
    return words > 0 && matches.length >= Math.max(2, Math.ceil(words * 0.25));
  }

  function checkReplyLanguage() {
    var reply = $('reply');
    var code = reply.getAttribute('data-language') || 'de';
    var warn = code !== 'de' && code !== 'de-x-ls' && looksGerman(reply.value);
    $('reply-german').hidden = !warn;
    if (warn) $('reply-german-text').textContent = t('case.germanToOther', { language: languageName(code) });
  }

  $('reply').addEventListener('input', checkReplyLanguage);
  $('reply-german-quick').addEventListener('click', function () { $('quick').focus(); });

  function renderCase(view) {
    var c = view.case;
    var mine = state.me && c.claimedBy && c.claimedBy.id === state.me.id;
    $('case-none').hidden = true;
    $('case-detail').hidden = false;
    var facts = $('case-facts');
    facts.textContent = '';
    fact(facts, t('queue.kind'), t('kind.' + c.kind));
    fact(facts, t('case.language'), languageName(c.language));
    fact(facts, t('case.channel'), c.channel);
    fact(facts, t('case.reason'), t('reason.' + c.reason));
    if (view.summary.crisis) fact(facts, t('case.crisis'), view.summary.crisis.title);
    fact(facts, t('case.topics'), view.summary.topics.map(function (x) { return x.title; }).join(' · '));
    var flow = view.summary.flow;
    if (flow) fact(facts, t('case.flow'), flow.n ? t('case.flowStep', flow) : t('case.flowStepNoNumber', flow));
    fact(facts, t('case.since'), clock(c.createdAt) + ' (' + duration(view.waitingSeconds) + ')');
    fact(facts, t('case.status'), t('status.' + c.status));
    if (c.claimedBy) fact(facts, t('case.claimedBy'), c.claimedBy.displayName);
    if (c.outcome) fact(facts, t('case.outcome'), t('outcome.' + c.outcome));
    $('case-consent').textContent = c.consent ? t('case.consentYes') : t('case.consentNo');
    $('case-gone').hidden = !c.citizenGone || c.status === 'closed';
    $('case-closed').hidden = c.status !== 'closed';

    $('case-callback').hidden = c.kind !== 'callback';
    var cb = $('callback-facts');
    cb.textContent = '';
    if (view.callback) {
      fact(cb, t('case.phone'), view.callback.phone);
      fact(cb, t('case.preferredTime'), preferredTime(view.callback.preferredTime));
      $('callback-hint').textContent = t('case.callbackHint');
    } else {
      $('callback-hint').textContent = c.status === 'closed' ? '' : t('case.callbackClaimFirst');
    }

    var list = $('transcript');
    var lines = view.transcript;
    if (list.getAttribute('data-count') !== String(lines.length) || list.getAttribute('data-case') !== c.id) {
      // Follow the newest message unless the reader scrolled up to read older ones.
      var follow = list.getAttribute('data-case') !== c.id || list.scrollTop + list.clientHeight >= list.scrollHeight - 24;
      list.textContent = '';
      lines.forEach(function (line) {
        var li = document.createElement('li');
        li.className = 'transcript__line transcript__line--' + line.from;
        var who = document.createElement('span');
        who.className = 'transcript__who';
        who.textContent = (line.from === 'user' ? t('case.citizen') : line.from === 'bot' ? t('case.bot') : line.name || '') + ' · ' + clock(line.at);
        var text = document.createElement('p');
        text.className = 'transcript__text';
        // Each message in its own direction: Arabic right to left, a German staff reply left to right.
        text.dir = 'auto';
        if (line.from !== 'staff') text.lang = c.language;
        text.textContent = RTL.indexOf(c.language) >= 0 ? isolateLeftToRight(line.text) : line.text;
        li.appendChild(who);
        li.appendChild(text);
        list.appendChild(li);
      });
      if (lines.length === 0) {
        var empty = document.createElement('li');
        empty.textContent = t('case.transcriptEmpty');
        list.appendChild(empty);
      }
      list.setAttribute('data-count', String(lines.length));
      list.setAttribute('data-case', c.id);
      if (follow) list.scrollTop = list.scrollHeight;
    }
    setCitizenLanguage(c.language);

    $('claim').hidden = c.status !== 'waiting';
    var canTalk = c.status === 'active' && mine && c.kind === 'live' && !c.citizenGone;
    $('reply-form').hidden = !canTalk;
    $('quick-form').hidden = !canTalk;
    $('handback').hidden = !(c.status === 'active' && mine && c.kind === 'live');
    $('close-form').hidden = c.status === 'closed' || (c.status === 'active' && !mine);
    fillOutcomes(c.kind);
  }

  function fillOutcomes(kind) {
    var select = $('outcome');
    if (select.getAttribute('data-kind') === kind) return;
    select.textContent = '';
    var first = document.createElement('option');
    first.value = '';
    first.textContent = t('case.chooseOutcome');
    select.appendChild(first);
    var outcomes = kind === 'callback' ? ['callback_done', 'callback_not_reached', 'appointment', 'referred'] : ['resolved', 'referred', 'appointment', 'no_reply'];
    outcomes.forEach(function (o) {
      var option = document.createElement('option');
      option.value = o;
      option.textContent = t('outcome.' + o);
      select.appendChild(option);
    });
    select.setAttribute('data-kind', kind);
  }

  function refreshCase() {
    var id = state.selected;
    return api('GET', '/cases/' + encodeURIComponent(id)).then(function (result) {
      if (state.selected !== id) return;
      if (!result.ok) {
        if (result.status !== 401) status(errorText(result));
        return;
      }
      state.selectedEtag = result.data.etag;
      renderCase(result.data);
    });
  }

  function select(id) {
    state.selected = id;
    $('transcript').removeAttribute('data-count');
    loadQuickTexts();
    refreshCase().then(function () { $('case-heading').focus(); });
    Array.prototype.forEach.call(document.querySelectorAll('#queue-body tr'), function (row) {
      row.classList.toggle('is-selected', row.getAttribute('data-case') === id);
    });
  }

  function claim(id, etag) {
    api('POST', '/cases/' + encodeURIComponent(id) + '/claim', { etag: etag }).then(function (result) {
      status(result.ok ? t('case.claimed') : errorText(result));
      refreshQueue();
      select(id);
      if (result.ok) window.setTimeout(function () { $('reply').focus(); }, 100);
    });
  }

  $('claim').addEventListener('click', function () { if (state.selected) claim(state.selected, state.selectedEtag); });

  $('reply-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var text = $('reply').value.trim();
    if (!text || state.busy) return;
    state.busy = true;
    api('POST', '/cases/' + encodeURIComponent(state.selected) + '/reply', { text: text }).then(function (result) {
      state.busy = false;
      if (result.ok) {
        $('reply').value = '';
        checkReplyLanguage();
        status(t('case.sent'));
      } else status(errorText(result));
      refreshCase();
    }, function () { state.busy = false; status(t('errors.network')); });
  });

  $('reply').addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      $('reply-form').requestSubmit();
    }
  });

  // The library per case: German for staff, and what the citizen will get in their language.
  function loadQuickTexts() {
    var caseId = state.selected;
    if (state.quickLoaded === (caseId || true)) return;
    api('GET', caseId ? '/quick-texts?case=' + encodeURIComponent(caseId) : '/quick-texts').then(function (result) {
      if (!result.ok || state.selected !== caseId) return;
      state.quickLoaded = caseId || true;
      var select = $('quick');
      select.textContent = '';
      result.data.items.forEach(function (q) {
        var option = document.createElement('option');
        option.value = q.key;
        var other = q.translation && q.translation.language !== 'de';
        option.textContent = q.text + (other && !q.translation.translated ? ' ' + t('case.quickUntranslated') : '');
        if (other && q.translation.translated) {
          option.title = q.translation.text;
          option.setAttribute('lang', q.translation.language);
        }
        select.appendChild(option);
      });
    });
  }

  $('quick-form').addEventListener('submit', function (event) {
    event.preventDefault();
    api('POST', '/cases/' + encodeURIComponent(state.selected) + '/reply', { quickText: $('quick').value }).then(function (result) {
      status(result.ok ? t('case.sent') : errorText(result));
      refreshCase();
    });
  });

  $('handback').addEventListener('click', function () {
    api('POST', '/cases/' + encodeURIComponent(state.selected) + '/handback', {}).then(function (result) {
      status(result.ok ? t('case.handedBack') : errorText(result));
      refreshQueue();
      refreshCase();
    });
  });

  $('close-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var outcome = $('outcome').value;
    if (!outcome) {
      $('outcome').focus();
      return;
    }
    api('POST', '/cases/' + encodeURIComponent(state.selected) + '/close', { outcome: outcome }).then(function (result) {
      status(result.ok ? t('case.closedDone') : errorText(result));
      refreshQueue();
      refreshCase();
    });
  });

  // ---- boot --------------------------------------------------------------------------------

  $('case-heading').setAttribute('tabindex', '-1');
  fetch('/staff/locales/de.json', { credentials: 'same-origin' })
    .then(function (res) { return res.json(); })
    .then(function (strings) {
      return window.i18next.init({ lng: 'de', fallbackLng: 'de', resources: { de: { translation: strings } }, interpolation: { escapeValue: false } });
    })
    .then(function () {
      translatePage();
      document.body.classList.remove('is-loading');
      // Only a browser that signed in before asks for its session; a fresh one logs in first.
      if (recalled(SESSION_HINT_KEY) !== '1') return { ok: false };
      return api('GET', '/session');
    })
    .then(function (result) {
      if (result.ok) showConsole(result.data);
      else showLogin('');
    })
    .catch(function () {
      document.body.classList.remove('is-loading');
      status('Die Konsole konnte nicht geladen werden.');
    });
})();
