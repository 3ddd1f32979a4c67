// Small DOM helpers. Text always goes in as text (never innerHTML), so job data cannot inject markup.

export function h(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
        if (value === null || value === undefined || value === false) {
            continue;
        }
        if (name.startsWith('on') && typeof value === 'function') {
            element.addEventListener(name.slice(2), value);
        } else if (name === 'class') {
            element.className = value;
        } else {
            element.setAttribute(name, value === true ? '' : value);
        }
    }
    append(element, children);
    return element;
}

function append(element, children) {
    for (const child of children.flat(Infinity)) {
        if (child === null || child === undefined || child === false) {
            continue;
        }
        element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
}

export function replace(element, ...children) {
    element.replaceChildren();
    append(element, children);
    return element;
}

export const number = (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US'));

export function time(iso) {
    if (!iso) {
        return '–';
    }
    const d = new Date(iso);
    return d.toISOString().replace('T', ' ').slice(0, 19);
}

export function duration(seconds) {
    if (seconds === null || seconds === undefined || !isFinite(seconds)) {
        return '–';
    }
    seconds = Math.max(0, Math.round(seconds));
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    return h ? `${h}h ${m}m` : m ? `${m}m ${s}s` : `${s}s`;
}

export const shortId = (id) => (id ? id.slice(0, 8) : '–');

export const badge = (status) => h('span', { class: `badge s-${status}`, 'data-status': status }, status);

export function progressBar(percent, label) {
    const fill = h('div', { class: 'fill' });
    fill.style.width = `${percent}%`;
    return h('div', {
        class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100,
        'aria-valuenow': percent, 'aria-label': label || 'progress',
    }, fill, h('span', { class: 'pct' }, `${percent}%`));
}

export function updateProgress(bar, percent) {
    bar.setAttribute('aria-valuenow', percent);
    bar.querySelector('.fill').style.width = `${percent}%`;
    bar.querySelector('.pct').textContent = `${percent}%`;
}

export function notice(message, kind = 'error') {
    return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
}

export function table(headers, rows) {
    return h('div', { class: 'scroll' }, h('table', {},
        h('thead', {}, h('tr', {}, headers.map((title) => h('th', {}, title)))),
        h('tbody', {}, rows)));
}

export const JOB_TYPES = ['import', 'export', 'rollback'];
/** What a job's rows are: every entity runs on the same engine and is listed together. */
export const JOB_ENTITIES = ['contact', 'company'];
export const JOB_STATUSES = ['queued', 'running', 'retry_scheduled', 'completed', 'failed', 'dead', 'cancelled',
    'rolling_back', 'rolled_back', 'expired', 'scheduled'];
