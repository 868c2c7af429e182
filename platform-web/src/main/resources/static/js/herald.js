// Herald's only script: htmx settings and the phone-width menu. No framework.
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
  // copy buttons for secrets shown once (API keys, invitation links)
  document.querySelectorAll('[data-copy]').forEach((button) => {
    button.addEventListener('click', () => {
      const source = document.getElementById(button.dataset.copy);
      if (source && navigator.clipboard) {
        navigator.clipboard.writeText(source.value || source.textContent);
        button.textContent = 'Copied';
      }
    });
  });
});
