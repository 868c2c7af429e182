// Herald's only script: htmx settings, the phone-width menu, and small form helpers. No framework.
// Pages work without it; it makes them quicker to use.
document.addEventListener('DOMContentLoaded', () => {
  const token = document.querySelector('meta[name="_csrf"]');
  const header = document.querySelector('meta[name="_csrf_header"]');
  // every htmx request carries the CSRF token, whatever attribute started it
  document.body.addEventListener('htmx:configRequest', (event) => {
    if (token && header) {
      event.detail.headers[header.content] = token.content;
    }
  });

  const toggle = document.querySelector('.nav-toggle');
  const nav = document.getElementById('main-nav');
  if (toggle && nav) {
    toggle.addEventListener('click', () => {
      const open = nav.classList.toggle('open');
      toggle.setAttribute('aria-expanded', String(open));
    });
  }

  // mark where we are in the navigation
  if (nav) {
    const here = window.location.pathname;
    nav.querySelectorAll('a[href]').forEach((link) => {
      const path = new URL(link.href).pathname;
      if (path === here || (path !== '/' && here.startsWith(path + '/'))) {
        link.setAttribute('aria-current', 'page');
      }
    });
  }

  // copy buttons for secrets shown once (API keys, invitation links)
  document.querySelectorAll('[data-copy]').forEach((button) => {
    button.addEventListener('click', () => {
      const source = document.getElementById(button.dataset.copy);
      if (!source) {
        return;
      }
      const text = source.value || source.textContent;
      const done = () => { button.textContent = 'Copied'; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, () => { source.select(); });
      } else {
        source.select();
      }
    });
  });

  // forms that change something hard to undo ask first
  document.querySelectorAll('form[data-confirm]').forEach((form) => {
    form.addEventListener('submit', (event) => {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    });
  });

  // parts of a form that only matter for one role (the stores of a store manager)
  document.querySelectorAll('[data-show-for-role]').forEach((part) => {
    const role = part.closest('form') && part.closest('form').querySelector('select[name="role"]');
    if (!role) {
      return;
    }
    const update = () => { part.hidden = role.value !== part.dataset.showForRole; };
    role.addEventListener('change', update);
    update();
  });

  // the email compose box's insert buttons: put a snippet at the cursor, and let htmx re-render the preview
  document.querySelectorAll('[data-insert-into]').forEach((button) => {
    button.addEventListener('click', () => {
      const area = document.getElementById(button.dataset.insertInto);
      if (!area || area.readOnly) {
        return;
      }
      const start = area.selectionStart;
      area.setRangeText(button.dataset.insert, start, area.selectionEnd, 'end');
      area.focus();
      area.dispatchEvent(new Event('input', { bubbles: true }));
    });
  });

  // parts of a form that only matter for one channel (the template editor's SMS and email boxes)
  document.querySelectorAll('[data-show-for-channel]').forEach((part) => {
    const channel = part.closest('form') && part.closest('form').querySelector('select[name="channel"]');
    if (!channel) {
      return;
    }
    const update = () => {
      const email = part.dataset.showForChannel === 'email';
      part.hidden = email ? channel.value !== 'email' : channel.value === 'email';
    };
    channel.addEventListener('change', update);
    update();
  });

  // a form with several actions (the contacts page's "Add tag" and "Add to list"): Enter in a field of one part
  // submits that part's own button, not the form's first. Delegated, as htmx swaps such forms in and out.
  document.addEventListener('keydown', (event) => {
    const field = event.target;
    if (event.key !== 'Enter' || event.isComposing || !(field instanceof HTMLInputElement) || !field.form) {
      return;
    }
    const part = field.closest('[data-enter-submits]');
    const button = part && part.querySelector('button[type="submit"]');
    if (button) {
      event.preventDefault();
      field.form.requestSubmit(button);
    }
  });

  // after a refused form, take keyboard and screen-reader users to the list of problems, unless they are already
  // typing in a field (on a slow connection this runs after the page can be used, and must not eat their input)
  const summary = document.getElementById('error-summary');
  if (summary && (!document.activeElement || document.activeElement === document.body)) {
    summary.focus();
  }

  // the page's scripts are wired (htmx ran its own DOMContentLoaded first): browser tests wait for this
  document.documentElement.dataset.ready = 'true';
});
