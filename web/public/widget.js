/*
 * Lotse widget: <script src="https://<lotse-host>/widget.js" defer></script> on any page gives
 * a floating chat button that opens the Lotse chat page in an iframe panel.
 * Optional attributes on the script tag: data-lang="ar" (else the page's <html lang>),
 * data-flow="<flow id>" (start a guided flow). Everything lives in a shadow root, so the host
 * page's CSS cannot break it and its CSS does not leak into the host page.
 */
(function () {
  'use strict';
  if (window.__lotseWidget) return;
  window.__lotseWidget = true;

  // Filled in by the server from web/locales/<lang>.json (widget.*) for every language.
  var LABELS = /*LOTSE_LABELS*/{};
  var FLOW_PATTERN = /^[a-z0-9_]{1,40}$/;

  var script = document.currentScript || (function () {
    var scripts = document.querySelectorAll('script[src]');
    for (var i = scripts.length - 1; i >= 0; i--) if (/\/widget\.js(\?|#|$)/.test(scripts[i].src)) return scripts[i];
    return null;
  })();
  if (!script) return;
  var origin = new URL(script.src, location.href).origin;

  function pickLanguage(tag) {
    var lower = String(tag || '').toLowerCase();
    if (LABELS[lower]) return lower;
    var primary = lower.split('-')[0];
    return LABELS[primary] ? primary : 'de';
  }

  var language = pickLanguage(script.getAttribute('data-lang') || document.documentElement.lang || navigator.language);
  var labels = LABELS[language] || LABELS.de;
  var flow = script.getAttribute('data-flow');

  var CSS = [
    ':host{all:initial}',
    '*{box-sizing:border-box}',
    '.launcher{position:fixed;bottom:16px;inset-inline-end:16px;z-index:2147483000;display:flex;align-items:center;gap:8px;',
    'min-height:48px;max-width:calc(100vw - 32px);padding:10px 18px;border:2px solid #fff;border-radius:999px;background:#0b4f8a;color:#fff;',
    'font:600 16px/1.25 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Tahoma,Arial,sans-serif;cursor:pointer;',
    'box-shadow:0 2px 10px rgba(0,0,0,.35)}',
    '.launcher:hover{background:#083a66}',
    '.launcher svg,.close svg{flex:none;width:22px;height:22px}',
    'button:focus{outline:none}',
    'button:focus-visible{outline:3px solid #16191d;outline-offset:2px;box-shadow:0 0 0 6px #ffbf47}',
    '.panel{position:fixed;bottom:80px;inset-inline-end:16px;z-index:2147483001;display:flex;flex-direction:column;',
    'width:min(420px,calc(100vw - 32px));height:min(680px,calc(100vh - 104px));background:#fff;border:1px solid #767f88;',
    'border-radius:12px;overflow:hidden;box-shadow:0 6px 28px rgba(0,0,0,.35)}',
    '.panel[hidden]{display:none}',
    '.bar{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:4px 4px 4px 14px;background:#0b4f8a;color:#fff;',
    'font:700 16px/1.3 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Tahoma,Arial,sans-serif}',
    '.bar button:focus-visible{outline-color:#ffbf47;box-shadow:0 0 0 6px #16191d}',
    '.close{display:flex;align-items:center;justify-content:center;width:44px;height:44px;padding:0;border:0;border-radius:8px;',
    'background:transparent;color:#fff;cursor:pointer}',
    '.close:hover{background:#083a66}',
    'iframe{flex:1 1 auto;width:100%;border:0;background:#f4f6f9}',
    '@media (max-width:480px),(max-height:560px){.panel{inset:0;width:100%;height:100%;border-radius:0;border:0}}',
    '@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important}}',
  ].join('');

  var CHAT_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2h-9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>';
  var CLOSE_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" d="M6 6l12 12M18 6L6 18"/></svg>';

  function element(tag, attributes, html) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (html) node.innerHTML = html;
    return node;
  }

  function addStyles(root) {
    // Constructed style sheets are not subject to the host page's style-src CSP.
    if (root.adoptedStyleSheets !== undefined && typeof CSSStyleSheet === 'function') {
      try {
        var sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
        root.adoptedStyleSheets = [sheet];
        return;
      } catch (e) { /* fall back to a style element */ }
    }
    root.appendChild(element('style', {})).textContent = CSS;
  }

  function chatUrl() {
    var url = origin + '/?embed=1&lang=' + encodeURIComponent(language);
    if (flow && FLOW_PATTERN.test(flow)) url += '&flow=' + encodeURIComponent(flow);
    return url;
  }

  function init() {
    var host = element('div', { id: 'lotse-widget', lang: language, dir: labels.dir || 'ltr' });
    var root = host.attachShadow({ mode: 'open' });
    addStyles(root);

    var launcher = element('button', { type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-controls': 'lotse-panel' }, CHAT_ICON);
    launcher.appendChild(document.createElement('span')).textContent = labels.open;

    var panel = element('div', { id: 'lotse-panel', class: 'panel', role: 'dialog', 'aria-labelledby': 'lotse-title' });
    panel.hidden = true;
    var bar = panel.appendChild(element('div', { class: 'bar' }));
    bar.appendChild(element('span', { id: 'lotse-title' })).textContent = labels.title;
    var close = bar.appendChild(element('button', { type: 'button', class: 'close', 'aria-label': labels.close }, CLOSE_ICON));
    var frame = null;

    function open() {
      if (!frame) {
        frame = panel.appendChild(element('iframe', { title: labels.title, src: chatUrl() }));
      }
      panel.hidden = false;
      launcher.setAttribute('aria-expanded', 'true');
      frame.focus();
    }

    function hide() {
      if (panel.hidden) return;
      panel.hidden = true;
      launcher.setAttribute('aria-expanded', 'false');
      launcher.focus();
    }

    launcher.addEventListener('click', function () {
      if (panel.hidden) open();
      else hide();
    });
    close.addEventListener('click', hide);
    panel.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') hide();
    });
    // Escape pressed inside the chat (another document) arrives as a message from the page.
    window.addEventListener('message', function (event) {
      if (event.origin !== origin || !frame || event.source !== frame.contentWindow) return;
      if (event.data && event.data.type === 'lotse:close') hide();
    });

    root.appendChild(launcher);
    root.appendChild(panel);
    document.body.appendChild(host);
  }

  if (document.body) init();
  else document.addEventListener('DOMContentLoaded', init);
})();
