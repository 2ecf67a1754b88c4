/*
 * Lotse chat page: language picker, privacy notice, Microsoft Web Chat on Lotse's own
 * Direct Line endpoint. Plain browser JavaScript, no build step; the libraries come from
 * /vendor/ (i18next, Web Chat). Every visible string comes from /locales/<lang>.json.
 *
 * What the page sends to the bot (besides what the citizen types):
 *   event   lotse/start     value {language, flow?}  once per page load, after the notice
 *   event   lotse/language  value {language}         when the language changes mid-chat
 *   message text <localised> value {action:'handoff'} from "Talk to a person"
 */
(function () {
  'use strict';

  var KEYS = { userId: 'lotse.userId', language: 'lotse.language', privacy: 'lotse.privacyAccepted' };
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

  /** Order: the citizen's earlier choice, the embedding site's language, the browser, German. */
  function initialLanguage() {
    var candidates = [storage.get(KEYS.language), params.get('lang')].concat(navigator.languages || [navigator.language]);
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

  function t(key) {
    return window.i18next.t(key);
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
  }

  // ---- Web Chat ----------------------------------------------------------------------------

  var chat = { directLine: null, store: null, connected: false, language: null, pendingHandoff: false, languageTimer: 0 };

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
  };

  function webChatStrings() {
    var strings = window.i18next.t('webchat', { returnObjects: true });
    return strings && typeof strings === 'object' ? strings : {};
  }

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

  function onConnected() {
    if (chat.connected) return;
    chat.connected = true;
    chat.language = window.i18next.language;
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

  // Direct Line's connection states (botframework-directlinejs ConnectionStatus).
  var CONNECTING = 1;
  var ONLINE = 2;
  var FAILED_TO_CONNECT = 4;
  var ENDED = 5;
  var RECONNECTING_KEY = 'webchat.CONNECTIVITY_STATUS_ALT_RECONNECTING';
  var FAILED_KEY = 'webchat.CONNECTIVITY_STATUS_ALT_FATAL';

  /** Web Chat's own notice comes late or not at all on a lost network: say it above the chat. */
  function onConnectionStatus(status) {
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
          var result = next(action);
          if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED') setTimeout(onConnected, 0);
          if (action.type === 'DIRECT_LINE/UPDATE_CONNECTION_STATUS') onConnectionStatus(action.payload.connectionStatus);
          if (action.type === 'DIRECT_LINE/POST_ACTIVITY_FULFILLED') onPosted(action.payload.activity);
          return result;
        };
      };
    });
  }

  function focusSendBox() {
    var input = webchatElement.querySelector('textarea, input[type="text"]');
    if (input) input.focus();
  }

  function startChat() {
    storage.set(KEYS.privacy, '1');
    privacySection.hidden = true;
    chatSection.hidden = false;
    showStatus(null);
    if (chat.directLine) return;
    chat.directLine = window.WebChat.createDirectLine({ domain: location.origin + '/v3/directline', webSocket: true });
    chat.store = createStore();
    renderChat();
    // Web Chat mounts synchronously; its send box exists on the next frame.
    window.requestAnimationFrame(focusSendBox);
  }

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
    applyLanguage(language).then(
      function () { scheduleLanguageEvent(language); },
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
      else privacySection.hidden = false;
    })
    .catch(function (error) {
      document.body.classList.remove('is-loading');
      if (window.console) console.error('Lotse: the chat could not start', error);
      if (window.i18next.exists('errors.loadFailed')) showStatus('errors.loadFailed');
      else statusElement.textContent = 'Lotse: Fehler / error';
    });
})();
