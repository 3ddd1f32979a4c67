// The console's shell: sign-in, navigation and a hash router (#/overview, #/jobs?..., #/jobs/{id}, #/audit,
// #/schedules).
// Each view renders into <main> and returns a function that stops its live streams when the view is left.
import { restore, session, signIn, signOut } from './api.js';
import { h, notice, replace } from './ui.js';
import { overview } from './views/overview.js';
import { jobList } from './views/jobs.js';
import { jobDetail } from './views/job.js';
import { auditLog } from './views/audit.js';
import { scheduleList } from './views/schedules.js';

const main = document.getElementById('main');
let leave = () => {};

function loginView() {
    const key = h('input', { id: 'key', type: 'password', name: 'key', autocomplete: 'off', required: true,
        placeholder: 'admin or viewer key', 'aria-label': 'API key' });
    const message = h('div', { id: 'login-message' });
    const form = h('form', { id: 'login', class: 'card login', onsubmit: async (event) => {
        event.preventDefault();
        try {
            await signIn(key.value.trim());
            key.value = '';
            location.hash = '#/overview';
            route();
        } catch (e) {
            replace(message, notice(e.status === 403 ? 'This key is not an operator key: the console needs an admin or viewer key.'
                : e.status === 401 ? 'Unknown or revoked key.' : `Sign-in failed: ${e.message}`));
        }
    } },
    h('h1', {}, 'Sign in'),
    h('p', { class: 'muted' }, 'Operators only. The key stays in this tab and is sent only as a request header.'),
    key, h('button', { type: 'submit', id: 'sign-in' }, 'Sign in'), message);
    replace(main, form);
    key.focus();
    return () => {};
}

function chrome() {
    const signedIn = Boolean(session.role);
    document.getElementById('nav').hidden = !signedIn;
    document.getElementById('logout').hidden = !signedIn;
    replace(document.getElementById('who'), signedIn
        ? h('span', { class: `role r-${session.role}`, id: 'role' }, session.role) : '');
    const current = location.hash.split(/[/?]/)[1] || 'overview';
    for (const link of document.querySelectorAll('[data-nav]')) {
        link.classList.toggle('active', link.dataset.nav === current);
    }
}

async function route() {
    leave();
    leave = () => {};
    if (!session.role) {
        chrome();
        leave = loginView();
        return;
    }
    chrome();
    const [path, query] = (location.hash.slice(1) || '/overview').split('?');
    const params = new URLSearchParams(query || '');
    const parts = path.split('/').filter(Boolean);
    try {
        if (parts[0] === 'jobs' && parts[1]) {
            leave = jobDetail(main, parts[1]);
        } else if (parts[0] === 'jobs') {
            leave = jobList(main, params);
        } else if (parts[0] === 'audit') {
            leave = auditLog(main, params);
        } else if (parts[0] === 'schedules') {
            leave = scheduleList(main, params);
        } else {
            leave = overview(main);
        }
    } catch (e) {
        replace(main, notice(e.message));
    }
}

document.getElementById('logout').addEventListener('click', () => {
    signOut();
    location.hash = '#/login';
    route();
});
window.addEventListener('hashchange', route);

restore().then(route);
