/*
 * Lotse chat page: language picker, privacy notice, Microsoft Web Chat on Lotse's own
 * Direct Line endpoint. Plain browser JavaScript, no build step; the libraries come from
 * /vendor/ (i18next, Web Chat). Every visible string comes from /locales/<lang>.json.
 *
 * What the page sends to the bot (besides what the citizen types):
 *   event   lotse/start     value {language, flow?}  once per page load, after the notice
 *   event   lotse/language  value {language}         when the language changes mid-chat
 *   message text <localised> value {action:'handoff'} from "Talk to a person"
 *   event   lotse/feedback  value {entryId, vote:'up'|'down', reason?}  thumbs under an answer
 *
 * The conversation (id, token, watermark, language) is kept in sessionStorage, so a reload
 * resumes it with its history until the citizen starts a new one or it expires.
 */
(function () {
  'use strict';

  var KEYS = { userId: 'lotse.userId', language: 'lotse.language', privacy: 'lotse.privacyAccepted', conversation: 'lotse.conversation' };
  var MAX_REASON = 500;
  var RTL_LANGUAGES = ['ar', 'fa'];
  var FLOW_PATTERN = /^[a-z0-9_]{1,40}$/;
  var LANGUAGE_EVENT_DELAY_MS = 600;

  var html = document.documentElement;
  var picker = document.getElementById('language');
  var handoffButton = document.getElementById('handoff');
  var startButton = document.getElementById('start');
  var privacySection = document.getElementById('privacy');
  var chatSection = document.getElementById('chat');
  var webchatElement = document.getElementById('webchat');
  var statusElement = document.getElementById('status');
  var newConversationButton = document.getElementById('new-conversation');
  var printButton = document.getElementById('print');
  var crisisElement = document.getElementById('crisis');
  var printout = document.getElementById('printout');
  var styleNonce = (document.querySelector('meta[name="lotse-style-nonce"]') || {}).content;
  var params = new URLSearchParams(location.search);
  var embedded = params.get('embed') === '1' && window.parent !== window;
  var supported = Array.prototype.map.call(picker.options, function (option) { return option.value; });

  /** localStorage that degrades to memory (private mode, blocked third-party storage). */
  var storage = (function () {
    var memory = {};
    return {
      get: function (key) {
        try { return window.localStorage.getItem(key); } catch (e) { return memory[key] || null; }
      },
      set: function (key, value) {
        memory[key] = value;
        try { window.localStorage.setItem(key, value); } catch (e) { /* memory only */ }
      },
    };
  })();

  /** The open conversation of this tab: survives a reload, not the closing of the tab. */
  var conversationStore = {
    get: function () {
      try {
        var saved = JSON.parse(window.sessionStorage.getItem(KEYS.conversation) || 'null');
        if (!saved || typeof saved.id !== 'string' || typeof saved.token !== 'string' || !/^[A-Za-z0-9_|.-]{1,200}$/.test(saved.id)) return null;
        return saved;
      } catch (e) {
        return null;
      }
    },
    set: function (value) {
      try { window.sessionStorage.setItem(KEYS.conversation, JSON.stringify(value)); } catch (e) { /* not kept: a reload starts anew */ }
    },
    clear: function () {
      try { window.sessionStorage.removeItem(KEYS.conversation); } catch (e) { /* nothing kept */ }
    },
  };

  function randomId() {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return 'u-' + Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function userId() {
    var id = storage.get(KEYS.userId);
    if (!id || !/^u-[0-9a-f]{8,64}$/.test(id)) {
      id = randomId();
      storage.set(KEYS.userId, id);
    }
    return id;
  }

  /** A supported code for a BCP 47 tag: exact match first, then the primary subtag. */
  function matchLanguage(tag) {
    if (!tag) return null;
    var lower = String(tag).toLowerCase();
    if (supported.indexOf(lower) >= 0) return lower;
    var primary = lower.split('-')[0];
    return supported.indexOf(primary) >= 0 ? primary : null;
  }

  /** Order: this tab's conversation, the citizen's earlier choice, the embedding site's language, the browser, German. */
  function initialLanguage() {
    var saved = conversationStore.get();
    var candidates = [saved && saved.language, storage.get(KEYS.language), params.get('lang')].concat(navigator.languages || [navigator.language]);
    for (var i = 0; i < candidates.length; i++) {
      var match = matchLanguage(candidates[i]);
      if (match) return match;
    }
    return 'de';
  }

  function flowFromLink() {
    var flow = params.get('flow');
    return flow && FLOW_PATTERN.test(flow) ? flow : undefined;
  }

  function direction(language) {
    return RTL_LANGUAGES.indexOf(language) >= 0 ? 'rtl' : 'ltr';
  }

  function t(key, options) {
    return window.i18next.t(key, options);
  }

  /** The notice above the chat; it keeps its key so that a language change translates it too. */
  function showStatus(key) {
    if (key) statusElement.setAttribute('data-i18n', key);
    else statusElement.removeAttribute('data-i18n');
    statusElement.textContent = key ? t(key) : '';
  }

  function statusShown() {
    return statusElement.getAttribute('data-i18n');
  }

  // ---- strings -----------------------------------------------------------------------------

  function loadStrings(language) {
    if (window.i18next.hasResourceBundle(language, 'translation')) return Promise.resolve();
    return fetch('/locales/' + encodeURIComponent(language) + '.json', { credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) throw new Error('locale ' + language + ': HTTP ' + response.status);
        return response.json();
      })
      .then(function (strings) {
        window.i18next.addResourceBundle(language, 'translation', strings);
      });
  }

  function translatePage() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (element) {
      element.textContent = t(element.getAttribute('data-i18n'));
    });
    document.title = t('title');
    translatePrivacy();
    if (crisisElement.hidden === false) renderCrisisTitle();
  }

  // ---- privacy notice: the job centre, its retention period, its policy and imprint -------

  var jobcentre = (function () {
    try {
      var data = JSON.parse((document.getElementById('lotse-jobcentre') || {}).textContent || '{}');
      return data && typeof data === 'object' ? data : {};
    } catch (e) {
      return {};
    }
  })();

  function safeUrl(url) {
    return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null;
  }

  function translatePrivacy() {
    var stored = document.getElementById('privacy-stored');
    if (typeof jobcentre.name === 'string' && typeof jobcentre.retentionDays === 'number') {
      stored.textContent = t('privacy.storedFor', { name: jobcentre.name, days: jobcentre.retentionDays });
    } else {
      stored.textContent = t('privacy.stored');
    }
    var links = document.getElementById('privacy-links');
    links.textContent = '';
    [['privacyPolicyUrl', 'privacy.policy'], ['imprintUrl', 'privacy.imprint']].forEach(function (pair) {
      var url = safeUrl(jobcentre[pair[0]]);
      if (!url) return;
      var item = links.appendChild(document.createElement('li'));
      var link = item.appendChild(document.createElement('a'));
      link.href = url;
      link.target = '_blank';
      link.rel = 'noopener';
      link.textContent = t(pair[1]);
    });
    links.hidden = links.childElementCount === 0;
  }

  // ---- Web Chat ----------------------------------------------------------------------------

  var chat = { directLine: null, store: null, connected: false, language: null, pendingHandoff: false, languageTimer: 0, resumed: false, explicit: false };

  var styleOptions = {
    primaryFont: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans Arabic', Tahoma, Arial, sans-serif",
    fontSizeSmall: '85%',
    accent: '#0b4f8a',
    subtle: '#505a64',
    timestampColor: '#505a64',
    backgroundColor: '#f4f6f9',
    paddingRegular: 10,
    bubbleBackground: '#ffffff',
    bubbleBorderColor: '#767f88',
    bubbleBorderRadius: 12,
    bubbleBorderWidth: 1,
    bubbleTextColor: '#16191d',
    bubbleFromUserBackground: '#0b4f8a',
    bubbleFromUserBorderColor: '#0b4f8a',
    bubbleFromUserBorderRadius: 12,
    bubbleFromUserTextColor: '#ffffff',
    bubbleMaxWidth: 640,
    bubbleMinWidth: 120,
    bubbleMinHeight: 44,
    sendBoxBackground: '#ffffff',
    sendBoxTextColor: '#16191d',
    sendBoxPlaceholderColor: '#505a64',
    sendBoxButtonColor: '#0b4f8a',
    sendBoxButtonColorOnDisabled: '#6b747d',
    sendBoxBorderTop: 'solid 2px #767f88',
    sendBoxHeight: 56,
    sendBoxTextWrap: true,
    sendBoxButtonKeyboardFocusIndicatorBorderColor: '#16191d',
    sendBoxButtonKeyboardFocusIndicatorBorderWidth: 2,
    hideUploadButton: true,
    suggestedActionLayout: 'flow',
    suggestedActionHeight: 44,
    suggestedActionBorderRadius: 8,
    suggestedActionBorderWidth: 2,
    suggestedActionBorderColor: '#0b4f8a',
    suggestedActionTextColor: '#0b4f8a',
    suggestedActionBackgroundColor: '#ffffff',
    suggestedActionKeyboardFocusIndicatorBorderColor: '#16191d',
    suggestedActionKeyboardFocusIndicatorBorderStyle: 'solid',
    suggestedActionKeyboardFocusIndicatorBorderWidth: 2,
    transcriptVisualKeyboardIndicatorColor: '#16191d',
    transcriptActivityVisualKeyboardIndicatorColor: '#16191d',
    transcriptActivityVisualKeyboardIndicatorStyle: 'solid',
    transcriptActivityVisualKeyboardIndicatorWidth: 2,
    notificationText: '#16191d',
    transitionDuration: '0s',
    // Clock times ("14:05"), not a relative "Just now" that never changes.
    timestampFormat: 'absolute',
  };

  // ---- what the bot writes, made readable: line breaks, phone links, numbers left to right --

  var LRI = '\u2066';
  var PDI = '\u2069';
  /**
   * Phone numbers as the content writes them: German numbers starting with 0 or +49 (with
   * spaces, dashes or slashes), the emergency numbers 110/112 and the 116 xxx helplines. Dates
   * ("30. November"), times ("08:00") and postcodes do not match.
   */
  // Each repetition takes exactly one digit (one way to read a number, no runaway backtracking).
  var PHONE = /(^|[^\w.:\/=?&#%+\-\u2066])(\+49(?:[ \-\/]?\d){6,}|0\d(?:[ \-\/]?\d){4,}|11[02]|116 ?\d{3})(?![\w:]|[.,]\d)/g;

  function telHref(number) {
    return 'tel:' + number.replace(/[^\d+]/g, '');
  }

  /**
   * Markdown link for every phone number outside existing links. In right-to-left text the
   * numbers, times ("08:00–16:00") and German terms in brackets are isolated, so that they read
   * left to right as a unit ("0800 111 0 222", not "222 0 111 0800").
   */
  function linkPhoneNumbers(text, rtl) {
    // Leave [text](url) and bare URLs alone: split them out, transform the rest.
    return text.split(/(\[[^\]]*\]\([^)]*\)|https?:\/\/\S+)/).map(function (part, i) {
      if (i % 2 === 1) return part;
      if (rtl) part = isolateLeftToRight(part);
      return part.replace(PHONE, function (match, before, number) {
        var label = rtl ? LRI + number + PDI : number;
        return before + '[' + label + '](' + telHref(number) + ')';
      });
    }).join('');
  }

  function isolateLeftToRight(text) {
    return text
      .replace(/\(([A-Za-zÄÖÜäöüß][^()\n]*)\)/g, '(' + LRI + '$1' + PDI + ')')
      .replace(/\d{1,2}:\d{2}\s*[–-]\s*\d{1,2}:\d{2}/g, function (range) { return LRI + range + PDI; });
  }

  /** Crisis numbers stay bold in every language, also where a translation lost the bold. */
  function boldPhoneLinks(text) {
    return text.replace(/(\*\*)?(\[[^\]]*\]\(tel:[^)]*\))(\*\*)?/g, function (match, open, link, close) {
      return open && close ? match : (open || '') + '**' + link + '**' + (close || '');
    });
  }

  /** One line in the content is one line on screen (Leichte Sprache: one sentence per line). */
  function keepLineBreaks(text) {
    return text.replace(/([^\n])\n(?=[^\n])/g, '$1  \n');
  }

  function lotseData(activity) {
    var data = activity && activity.channelData && activity.channelData.lotse;
    return data && typeof data === 'object' ? data : {};
  }

  function readableActivity(activity) {
    if (!activity || activity.type !== 'message' || typeof activity.text !== 'string' || activity.textFormat === 'plain') return activity;
    var rtl = direction(matchLanguage(activity.locale) || '') === 'rtl';
    var text = keepLineBreaks(linkPhoneNumbers(activity.text, rtl));
    if (lotseData(activity).outcome === 'crisis') text = boldPhoneLinks(text);
    var copy = {};
    Object.keys(activity).forEach(function (key) { copy[key] = activity[key]; });
    copy.text = text;
    return copy;
  }

  function fromBot(activity) {
    return !!activity && !!activity.from && (activity.from.role === 'bot' || (activity.from.id !== userId() && activity.from.role !== 'user'));
  }

  function webChatStrings() {
    var strings = window.i18next.t('webchat', { returnObjects: true });
    return strings && typeof strings === 'object' ? strings : {};
  }

  // ---- thumbs up/down under each answer ------------------------------------------------------

  /**
   * Web Chat renders with its own React, which it does not export. The element type marker is
   * borrowed from the element Web Chat itself returns, and the feedback box is a plain <div> whose
   * inside this script builds once (React never renders children into it).
   */
  function plainElement(like, type, key, props, ref) {
    return { $$typeof: like.$$typeof, type: type, key: key, ref: ref || null, props: props, _owner: null, _store: {} };
  }

  var feedbackGiven = {};
  var SVG = 'http://www.w3.org/2000/svg';
  var THUMB = 'M2 10h4v11H2zM8 21h9.2a2 2 0 0 0 2-1.6l1.6-7A2 2 0 0 0 18.8 10H14l.8-4.2A2.2 2.2 0 0 0 12.7 3L8 9.6z';

  /** A thumb drawn in SVG (emoji fonts are missing on many office PCs). */
  function thumbIcon(down) {
    var svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    if (down) svg.setAttribute('transform', 'rotate(180)');
    var path = svg.appendChild(document.createElementNS(SVG, 'path'));
    path.setAttribute('fill', 'currentColor');
    path.setAttribute('d', THUMB);
    return svg;
  }

  function buildFeedback(node, activity) {
    if (!node || node.childElementCount > 0) return;
    var entryId = lotseData(activity).entryId;
    var id = activity.id || entryId;
    node.className = 'feedback';
    node.setAttribute('role', 'group');
    node.setAttribute('aria-label', t('feedback.question'));
    var question = node.appendChild(document.createElement('span'));
    question.className = 'feedback__question';
    question.textContent = t('feedback.question');
    var buttons = [['up', 'feedback.up'], ['down', 'feedback.down']].map(function (spec) {
      var button = node.appendChild(document.createElement('button'));
      button.type = 'button';
      button.className = 'feedback__vote';
      button.setAttribute('data-vote', spec[0]);
      button.setAttribute('aria-label', t(spec[1]));
      button.setAttribute('aria-pressed', 'false');
      button.appendChild(thumbIcon(spec[0] === 'down'));
      return button;
    });
    var thanks = document.createElement('p');
    thanks.className = 'feedback__thanks';
    thanks.setAttribute('role', 'status');

    function done(vote) {
      feedbackGiven[id] = vote;
      buttons.forEach(function (b) {
        b.disabled = true;
        b.setAttribute('aria-pressed', String(b.getAttribute('data-vote') === vote));
      });
    }

    function say() {
      node.appendChild(thanks).textContent = t('feedback.thanks');
    }

    if (feedbackGiven[id]) {
      done(feedbackGiven[id]);
      return;
    }
    buttons.forEach(function (button) {
      button.addEventListener('click', function () {
        var vote = button.getAttribute('data-vote');
        done(vote);
        if (vote === 'up') {
          postEvent('lotse/feedback', { entryId: entryId, vote: 'up' });
          say();
          return;
        }
        // Thumbs down: an optional reason, sent with the vote (or without it on "skip").
        var form = node.appendChild(document.createElement('form'));
        form.className = 'feedback__reason';
        var label = form.appendChild(document.createElement('label'));
        var fieldId = 'reason-' + Math.random().toString(36).slice(2, 10);
        label.htmlFor = fieldId;
        label.textContent = t('feedback.reasonLabel');
        var field = form.appendChild(document.createElement('textarea'));
        field.id = fieldId;
        field.rows = 2;
        field.maxLength = MAX_REASON;
        var send = form.appendChild(document.createElement('button'));
        send.type = 'submit';
        send.className = 'button button--primary';
        send.textContent = t('feedback.send');
        var skip = form.appendChild(document.createElement('button'));
        skip.type = 'button';
        skip.className = 'button button--plain';
        skip.textContent = t('feedback.skip');
        function finish(reason) {
          var value = { entryId: entryId, vote: 'down' };
          if (reason) value.reason = reason;
          postEvent('lotse/feedback', value);
          form.remove();
          say();
        }
        form.addEventListener('submit', function (event) {
          event.preventDefault();
          finish(field.value.trim().slice(0, MAX_REASON));
        });
        skip.addEventListener('click', function () { finish(''); });
        field.focus();
      });
    });
  }

  /** Adds the thumbs under every bot answer that names a content entry. */
  function feedbackMiddleware() {
    return function (next) {
      return function () {
        var render = next.apply(null, arguments);
        var activity = arguments[0] && arguments[0].activity;
        if (!render || !fromBot(activity) || activity.type !== 'message' || !lotseData(activity).entryId) return render;
        return function () {
          var inner = render.apply(null, arguments);
          if (!inner || !inner.$$typeof) return inner;
          var box = plainElement(inner, 'div', 'feedback', {}, function (node) { buildFeedback(node, activity); });
          return plainElement(inner, 'div', null, { className: 'answer', children: [plainElement(inner, inner.type, 'answer', inner.props, inner.ref), box] });
        };
      };
    };
  }

  // ---- clock times under messages ---------------------------------------------------------

  /** "14:05" in the page language (Web Chat's own absolute stamp mixes in an English "AM"). */
  function clockTime(iso) {
    var language = window.i18next.language === 'de-x-ls' ? 'de' : window.i18next.language;
    var date = new Date(iso);
    if (isNaN(date.getTime())) return '';
    var sameDay = new Date().toDateString() === date.toDateString();
    var options = sameDay ? { hour: '2-digit', minute: '2-digit' } : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
    try { return new Intl.DateTimeFormat(language, options).format(date); } catch (e) { return date.toISOString().slice(11, 16); }
  }

  function timestampMiddleware() {
    return function (next) {
      return function (args) {
        var inner = next(args);
        var activity = args && args.activity;
        if (!inner || !inner.$$typeof || args.sendState !== 'sent' || args.hideTimestamp || !activity || !activity.timestamp) return inner;
        var text = clockTime(activity.timestamp);
        if (!text) return inner;
        return plainElement(inner, 'time', null, { className: 'webchat__activity-status lotse-time', dateTime: activity.timestamp, children: text });
      };
    };
  }

  // ---- crisis numbers stay in view --------------------------------------------------------

  /**
   * After a crisis answer, its lines with phone numbers are pinned above the chat: whatever
   * follows (an offer of a person, more questions), 112 and the helplines stay on screen.
   */
  function crisisLines(text) {
    return text.split('\n').filter(function (line) { return /\]\(tel:/.test(line); }).map(function (line) {
      return line.replace(/^\s*[-*]\s+/, '');
    });
  }

  function renderMarkdownLine(target, line) {
    // Only bold and phone links are kept; everything is text, never HTML.
    line.split(/(\[[^\]]*\]\(tel:[^)]*\))/).forEach(function (part, i) {
      if (i % 2 === 1) {
        var match = /^\[([^\]]*)\]\((tel:[^)]*)\)$/.exec(part);
        var link = target.appendChild(document.createElement('a'));
        link.href = match[2];
        var number = link.appendChild(document.createElement('bdi'));
        number.dir = 'ltr';
        number.textContent = match[1].replace(/[\u2066\u2069*]/g, '');
        return;
      }
      part.split('**').forEach(function (piece, j) {
        if (!piece) return;
        if (j % 2 === 1) target.appendChild(document.createElement('strong')).textContent = piece;
        else target.appendChild(document.createTextNode(piece));
      });
    });
  }

  function renderCrisisTitle() {
    document.getElementById('crisis-title').textContent = t('crisis.title');
    document.getElementById('crisis-hide').textContent = t('crisis.hide');
  }

  function showCrisis(activity) {
    var lines = crisisLines(activity.text);
    if (lines.length === 0) return;
    var list = document.getElementById('crisis-lines');
    list.textContent = '';
    list.lang = activity.locale || '';
    list.dir = direction(matchLanguage(activity.locale) || 'de');
    lines.forEach(function (line) { renderMarkdownLine(list.appendChild(document.createElement('li')), line); });
    renderCrisisTitle();
    crisisElement.hidden = false;
  }

  document.getElementById('crisis-hide').addEventListener('click', function () {
    crisisElement.hidden = true;
    focusSendBox();
  });

  // ---- Web Chat ---------------------------------------------------------------------------

  function renderChat() {
    var language = window.i18next.language;
    window.WebChat.renderWebChat(
      {
        directLine: chat.directLine,
        store: chat.store,
        userID: userId(),
        locale: language,
        dir: direction(language),
        nonce: styleNonce,
        styleOptions: styleOptions,
        overrideLocalizedStrings: webChatStrings(),
        activityMiddleware: feedbackMiddleware,
        activityStatusMiddleware: timestampMiddleware,
      },
      webchatElement,
    );
    webchatElement.setAttribute('dir', direction(language));
    webchatElement.setAttribute('lang', language);
  }

  function postActivity(activity) {
    chat.store.dispatch({ type: 'DIRECT_LINE/POST_ACTIVITY', meta: { method: 'code' }, payload: { activity: activity } });
  }

  function postEvent(name, value) {
    postActivity({ type: 'event', name: name, value: value });
  }

  function postHandoff() {
    postActivity({ type: 'message', text: t('handoffMessage'), value: { action: 'handoff' } });
  }

  /** What a reload needs to resume: kept whenever it changes (new token, new activities). */
  function saveConversation(language) {
    var directLine = chat.directLine;
    if (!directLine || !directLine.conversationId || !directLine.token) return;
    conversationStore.set({
      id: directLine.conversationId,
      token: directLine.token,
      watermark: directLine.watermark || '',
      language: typeof language === 'string' ? language : chat.following || window.i18next.language,
      explicit: chat.explicit,
    });
  }

  function onConnected() {
    saveConversation();
    if (chat.connected) return;
    chat.connected = true;
    chat.language = window.i18next.language;
    // A resumed conversation was greeted already; its history comes back from the server.
    if (chat.resumed) return;
    var value = { language: chat.language };
    var flow = flowFromLink();
    if (flow) value.flow = flow;
    postEvent('lotse/start', value);
  }

  /** A person asked for before the start goes out once the bot has taken the start event. */
  function onPosted(activity) {
    if (activity && activity.name === 'lotse/start' && chat.pendingHandoff) {
      chat.pendingHandoff = false;
      postHandoff();
    }
  }

  /** The page speaks the conversation's language, unless the citizen picked one in this conversation. */
  function followBot(activity) {
    if (chat.explicit || activity.type !== 'message') return;
    var language = matchLanguage(activity.locale);
    if (!language || language === window.i18next.language) return;
    chat.language = language;
    // Kept at once: a reload while the strings are still loading resumes in the new language too.
    chat.following = language;
    saveConversation();
    applyLanguage(language).then(
      function () {
        chat.following = undefined;
        saveConversation();
      },
      function () {
        chat.following = undefined; // stays in the current language
      },
    );
    return true;
  }

  function onIncoming(activity) {
    if (!fromBot(activity)) return;
    var followed = followBot(activity);
    if (activity.type === 'message' && lotseData(activity).outcome === 'crisis') showCrisis(activity);
    if (!followed) saveConversation();
  }

  // Direct Line's connection states (botframework-directlinejs ConnectionStatus).
  var CONNECTING = 1;
  var ONLINE = 2;
  var EXPIRED_TOKEN = 3;
  var FAILED_TO_CONNECT = 4;
  var ENDED = 5;
  var RECONNECTING_KEY = 'webchat.CONNECTIVITY_STATUS_ALT_RECONNECTING';
  var FAILED_KEY = 'webchat.CONNECTIVITY_STATUS_ALT_FATAL';

  /** Web Chat's own notice comes late or not at all on a lost network: say it above the chat. */
  function onConnectionStatus(status) {
    if (chat.resumed && !chat.connected && (status === EXPIRED_TOKEN || status === FAILED_TO_CONNECT || status === ENDED)) {
      // The saved conversation is gone (expired, or the server forgot it): start afresh and say so.
      setTimeout(function () { restartChat('resumeExpired'); }, 0);
      return;
    }
    if (status === ONLINE) {
      if (statusShown() === RECONNECTING_KEY) showStatus(null);
    } else if (status === CONNECTING && chat.connected) {
      showStatus(RECONNECTING_KEY);
    } else if (status === FAILED_TO_CONNECT || status === ENDED) {
      showStatus(FAILED_KEY);
    }
  }

  window.addEventListener('offline', function () {
    if (chat.directLine && statusShown() !== FAILED_KEY) showStatus(RECONNECTING_KEY);
  });
  window.addEventListener('online', function () {
    if (statusShown() === RECONNECTING_KEY) showStatus(null);
  });

  function createStore() {
    return window.WebChat.createStore({}, function () {
      return function (next) {
        return function (action) {
          if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' && fromBot(action.payload.activity)) {
            action = { type: action.type, meta: action.meta, payload: { activity: readableActivity(action.payload.activity) } };
          }
          var result = next(action);
          if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED') setTimeout(onConnected, 0);
          if (action.type === 'DIRECT_LINE/UPDATE_CONNECTION_STATUS') onConnectionStatus(action.payload.connectionStatus);
          if (action.type === 'DIRECT_LINE/POST_ACTIVITY_FULFILLED') onPosted(action.payload.activity);
          if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY') onIncoming(action.payload.activity);
          return result;
        };
      };
    });
  }

  function focusSendBox() {
    var input = webchatElement.querySelector('textarea, input[type="text"]');
    if (input) input.focus();
  }

  var DIRECT_LINE = location.origin + '/v3/directline';

  /** Web Chat on a new conversation, or on the saved one (the server then replays its history). */
  function mount(saved) {
    var options = { domain: DIRECT_LINE, webSocket: true };
    chat.resumed = !!saved;
    if (saved) {
      options.conversationId = saved.id;
      options.token = saved.token;
      options.watermark = '0';
      chat.explicit = chat.explicit || saved.explicit === true;
    }
    chat.directLine = window.WebChat.createDirectLine(options);
    chat.store = createStore();
    renderChat();
    newConversationButton.hidden = false;
    printButton.hidden = false;
    // Web Chat mounts synchronously; its send box exists on the next frame.
    window.requestAnimationFrame(focusSendBox);
  }

  /**
   * Resume only a conversation the server still has and still lets this token into; otherwise a
   * fresh start with a short notice (asked here, so that Web Chat never sees a dead conversation).
   */
  function connect() {
    var saved = conversationStore.get();
    chat.connecting = true;
    if (!saved) {
      mount(null);
      return;
    }
    fetch(DIRECT_LINE + '/conversations/' + encodeURIComponent(saved.id) + '?watermark=0', {
      headers: { Authorization: 'Bearer ' + saved.token },
      credentials: 'omit',
    }).then(
      function (response) {
        if (response.ok) {
          mount(saved);
          return;
        }
        conversationStore.clear();
        mount(null);
        showStatus('resumeExpired');
      },
      // No network: Web Chat retries the saved conversation itself.
      function () { mount(saved); },
    );
  }

  function startChat() {
    storage.set(KEYS.privacy, '1');
    privacySection.hidden = true;
    chatSection.hidden = false;
    showStatus(null);
    if (chat.directLine || chat.connecting) return;
    connect();
  }

  /** Ends this conversation in the page and starts a fresh one (a new conversation id). */
  function restartChat(noticeKey) {
    if (chat.directLine) {
      try { chat.directLine.end(); } catch (e) { /* already closed */ }
    }
    conversationStore.clear();
    clearTimeout(chat.languageTimer);
    chat.directLine = null;
    chat.connecting = false;
    chat.store = null;
    chat.connected = false;
    chat.resumed = false;
    feedbackGiven = {};
    crisisElement.hidden = true;
    // A fresh element: the old Web Chat (and its transcript) goes with the old one.
    var fresh = document.createElement('div');
    fresh.id = webchatElement.id;
    fresh.className = webchatElement.className;
    webchatElement.parentNode.replaceChild(fresh, webchatElement);
    webchatElement = fresh;
    startChat();
    if (noticeKey) showStatus(noticeKey);
  }

  newConversationButton.addEventListener('click', function () {
    if (!window.confirm(t('newConversation.confirm'))) return;
    restartChat(null);
  });

  // ---- print or save: a plain page made here, nothing is sent ------------------------------

  function plainText(markdown) {
    return String(markdown)
      .replace(/[\u2066\u2069]/g, '')
      .replace(/\[([^\]]*)\]\(([^)]*)\)/g, function (m, label, url) { return /^tel:/.test(url) ? label : label + ' (' + url + ')'; })
      .replace(/\*\*/g, '')
      .replace(/ {2}\n/g, '\n');
  }

  function fillPrintout() {
    printout.textContent = '';
    var heading = printout.appendChild(document.createElement('h2'));
    heading.textContent = t('title');
    var time = new Intl.DateTimeFormat(window.i18next.language === 'de-x-ls' ? 'de' : window.i18next.language, { dateStyle: 'medium', timeStyle: 'short' });
    var activities = chat.store ? chat.store.getState().activities : [];
    activities.forEach(function (activity) {
      if (activity.type !== 'message' || typeof activity.text !== 'string' || !activity.text) return;
      var item = printout.appendChild(document.createElement('section'));
      item.className = 'printout__message';
      var who = item.appendChild(document.createElement('h3'));
      var when = activity.timestamp ? time.format(new Date(activity.timestamp)) : '';
      who.textContent = (fromBot(activity) ? t('print.bot') : t('print.you')) + (when ? ' · ' + when : '');
      var body = item.appendChild(document.createElement('p'));
      body.dir = 'auto';
      body.lang = activity.locale || '';
      body.textContent = plainText(activity.text);
    });
  }

  printButton.addEventListener('click', function () {
    fillPrintout();
    window.print();
  });
  window.addEventListener('beforeprint', fillPrintout);

  /** Tell the bot about a new language once the citizen has stopped moving through the list. */
  function scheduleLanguageEvent(language) {
    clearTimeout(chat.languageTimer);
    chat.languageTimer = setTimeout(function () {
      if (!chat.connected || chat.language === language) return;
      chat.language = language;
      postEvent('lotse/language', { language: language });
    }, LANGUAGE_EVENT_DELAY_MS);
  }

  // ---- language ----------------------------------------------------------------------------

  function applyLanguage(language) {
    return Promise.all([loadStrings('de'), loadStrings(language)])
      .then(function () { return window.i18next.changeLanguage(language); })
      .then(function () {
        html.lang = language;
        html.dir = direction(language);
        picker.value = language;
        translatePage();
        if (chat.directLine) renderChat();
      });
  }

  picker.addEventListener('change', function () {
    var language = matchLanguage(picker.value) || 'de';
    storage.set(KEYS.language, language);
    // The citizen's own choice (before or during the chat): the page no longer follows the bot's language.
    chat.explicit = true;
    chat.following = undefined;
    applyLanguage(language).then(
      function () {
        saveConversation();
        scheduleLanguageEvent(language);
      },
      function () {
        // The strings could not be fetched (often: no network). Stay in the current language.
        picker.value = window.i18next.language;
        showStatus(navigator.onLine === false ? RECONNECTING_KEY : 'errors.loadFailed');
      },
    );
  });

  handoffButton.addEventListener('click', function () {
    if (chat.connected) {
      postHandoff();
      focusSendBox();
      return;
    }
    // No conversation yet: the notice comes first; the request is sent right after the start.
    chat.pendingHandoff = true;
    if (!chat.directLine) {
      showStatus('handoffNeedsStart');
      startButton.focus();
    }
  });

  startButton.addEventListener('click', startChat);

  if (embedded) {
    html.classList.add('is-embedded');
    // Escape inside the iframe does not reach the host page: tell the widget to close.
    window.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && !event.defaultPrevented) window.parent.postMessage({ type: 'lotse:close' }, '*');
    });
  }

  // ---- boot --------------------------------------------------------------------------------

  var language = initialLanguage();
  window.i18next
    .init({ lng: language, fallbackLng: 'de', load: 'currentOnly', resources: {}, interpolation: { escapeValue: false } })
    .then(function () { return applyLanguage(language); })
    .then(function () {
      document.body.classList.remove('is-loading');
      if (!window.WebChat) throw new Error('Web Chat did not load');
      if (storage.get(KEYS.privacy) === '1') startChat();
      else {
        privacySection.hidden = false;
        // In the widget the panel opens onto the notice: its button is the one thing to do.
        if (embedded) startButton.focus();
      }
    })
    .catch(function (error) {
      document.body.classList.remove('is-loading');
      if (window.console) console.error('Lotse: the chat could not start', error);
      if (window.i18next.exists('errors.loadFailed')) showStatus('errors.loadFailed');
      else statusElement.textContent = 'Lotse: Fehler / error';
    });
})();
