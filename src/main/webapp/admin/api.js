// The REST API as the console uses it. The key lives in sessionStorage (this tab only, gone when it closes)
// and travels only in the X-API-Key header: never in a URL, so never in an access log, history or referrer.

const KEY = 'lading.key';

export const session = { key: sessionStorage.getItem(KEY), role: null, keyId: null, canAct: false };

export class ApiError extends Error {
    constructor(status, problem) {
        super(problem?.detail || problem?.title || `HTTP ${status}`);
        this.status = status;
        this.problem = problem;
    }
}

function headers(extra = {}) {
    return { 'X-API-Key': session.key, Accept: 'application/json', ...extra };
}

async function send(method, path, body) {
    const init = { method, headers: headers(body ? { 'Content-Type': 'application/json' } : {}), cache: 'no-store' };
    if (body) {
        init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    const text = await response.text();
    const data = text ? safeJson(text) : null;
    if (response.status === 401) {
        signOut();
        location.hash = '#/login';
    }
    if (!response.ok) {
        throw new ApiError(response.status, data);
    }
    return data;
}

function safeJson(text) {
    try {
        return JSON.parse(text);
    } catch {
        return { detail: text };
    }
}

export const get = (path) => send('GET', path);
export const post = (path, body) => send('POST', path, body);
export const patch = (path, body) => send('PATCH', path, body);

/** Signs in: the key is kept only if the server says it is an operator key. */
export async function signIn(key) {
    session.key = key;
    try {
        const me = await get('/api/console/session');
        Object.assign(session, me);
        sessionStorage.setItem(KEY, key);
        return me;
    } catch (e) {
        session.key = null;
        throw e;
    }
}

export async function restore() {
    if (!session.key) {
        return null;
    }
    try {
        return Object.assign(session, await get('/api/console/session'));
    } catch {
        signOut();
        return null;
    }
}

export function signOut() {
    sessionStorage.removeItem(KEY);
    Object.assign(session, { key: null, role: null, keyId: null, canAct: false });
}

/**
 * Server-Sent Events read with fetch, because EventSource cannot send the key in a header. Calls
 * onEvent(name, data) per event; resolves when the server ends the stream; abort with the signal.
 */
export async function stream(path, onEvent, signal) {
    const response = await fetch(path, { headers: headers({ Accept: 'text/event-stream' }), signal, cache: 'no-store' });
    if (!response.ok) {
        throw new ApiError(response.status, safeJson(await response.text()));
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
        const { value, done } = await reader.read();
        if (done) {
            return;
        }
        buffer += value.replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let name = 'message';
            const data = [];
            for (const line of block.split('\n')) {
                if (line.startsWith('event:')) {
                    name = line.slice(6).trim();
                } else if (line.startsWith('data:')) {
                    data.push(line.slice(5).replace(/^ /, ''));
                }
            }
            if (data.length) {
                onEvent(name, safeJson(data.join('\n')));
            }
        }
    }
}

/**
 * Keeps a stream open: reopens it after it ends or fails, until aborted or keepGoing() says no. Returns a promise
 * that settles when it stops following.
 */
export function follow(path, onEvent, signal, pauseMillis = 2000, keepGoing = () => true) {
    return (async () => {
        while (!signal.aborted && keepGoing()) {
            try {
                await stream(path, onEvent, signal);
            } catch (e) {
                if (signal.aborted) {
                    return;
                }
            }
            await new Promise((resolve) => setTimeout(resolve, pauseMillis));
        }
    })();
}

/** Downloads a file the API serves only with the key (the error report) without putting the key in a link. */
export async function download(path, fileName) {
    const response = await fetch(path, { headers: headers({ Accept: '*/*' }), cache: 'no-store' });
    if (!response.ok) {
        throw new ApiError(response.status, safeJson(await response.text()));
    }
    const url = URL.createObjectURL(await response.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
}
