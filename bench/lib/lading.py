"""Shared helpers of the bench scripts (bench/job-latency, bench/import): settings from the environment, a small
HTTP client for the Lading API (python3 standard library only), fresh tenants, timestamps and percentiles.

Environment (all optional):
  LADING_URL         base URL of the service                      default http://127.0.0.1:8080
  LADING_API_KEY     a tenant user key (used when no fresh tenant can be made)
                                                                   default: `user` in LADING_KEYS_FILE
  LADING_ADMIN_KEY   an admin key, to create a fresh tenant per run default: `admin` in LADING_KEYS_FILE
  LADING_KEYS_FILE   the keys server/run keeps                     default .lading/demo-keys.properties
  LADING_DB_URL      PostgreSQL URL (bench/import)     default postgresql://lading:lading@127.0.0.1:15432/lading
  LADING_DB_ADMIN_URL a user that may CHECKPOINT        default postgresql://postgres@127.0.0.1:15432/lading

Only loopback addresses are accepted: the benches must not load anything but this machine.
"""
import atexit
import datetime
import http.client
import json
import math
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def die(message, status=2):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(status)


def require_loopback(url, what):
    host = urllib.parse.urlsplit(url).hostname
    if host not in LOOPBACK:
        die(f"{what} {url} is not on this machine (127.0.0.1): the benches only target 127.0.0.1")


def base_url():
    url = os.environ.get("LADING_URL", "http://127.0.0.1:8080").rstrip("/")
    require_loopback(url, "LADING_URL")
    return url


def db_url():
    url = os.environ.get("LADING_DB_URL", "postgresql://lading:lading@127.0.0.1:15432/lading")
    require_loopback(url, "LADING_DB_URL")
    return url


def db_admin_url():
    """A PostgreSQL user that may CHECKPOINT (superuser or pg_checkpoint): by default the embedded server's
    superuser, trusted on loopback."""
    url = os.environ.get("LADING_DB_ADMIN_URL", "postgresql://postgres@127.0.0.1:15432/lading")
    require_loopback(url, "LADING_DB_ADMIN_URL")
    return url


def psql(sql, timeout=900, capture=True, url=None):
    """Runs psql (LADING_DB_URL unless `url`) with the SQL (script) on stdin; returns (seconds, stdout)."""
    t0 = time.perf_counter()
    p = subprocess.run(["psql", url or db_url(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At"], input=sql, text=True,
                       capture_output=capture, timeout=timeout)
    took = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError(f"psql failed ({p.returncode}): {p.stderr.strip()}")
    return took, p.stdout


def checkpoint():
    """Writes out what the part before left in PostgreSQL's buffers before the next part is timed, so that no part
    pays for the one before it (as LADING_DB_ADMIN_URL); answers whether it could."""
    try:
        psql("checkpoint;", url=db_admin_url())
        return True
    except RuntimeError:
        return False


def read_keys():
    """The keys file of server/run: a java.util.Properties file with `user=...` and `admin=...`."""
    path = os.environ.get("LADING_KEYS_FILE", os.path.join(REPO, ".lading", "demo-keys.properties"))
    keys = {}
    try:
        with open(path, encoding="iso-8859-1") as f:
            for line in f:
                line = line.strip()
                if not line or line[0] in "#!":
                    continue
                for i, ch in enumerate(line):
                    if ch in "=:":
                        keys[line[:i].strip()] = line[i + 1:].strip()
                        break
    except FileNotFoundError:
        pass
    return path, keys


def user_and_admin_keys():
    path, keys = read_keys()
    user = os.environ.get("LADING_API_KEY") or keys.get("user")
    admin = os.environ.get("LADING_ADMIN_KEY") or keys.get("admin")
    return path, user, admin


def parse_time(value):
    """An ISO-8601 timestamp of the API (`2025-11-25T20:45:01.123456Z`) as seconds since the epoch."""
    if value is None:
        return None
    v = value.replace("Z", "+00:00")
    # fromisoformat takes at most 6 fraction digits.
    if "." in v:
        head, rest = v.split(".", 1)
        digits = "".join(c for c in rest if c.isdigit())
        zone = rest[len(digits):]
        v = f"{head}.{(digits + '000000')[:6]}{zone}"
    t = datetime.datetime.fromisoformat(v)
    if t.tzinfo is None:
        t = t.replace(tzinfo=datetime.timezone.utc)
    return t.timestamp()


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    s = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(s)))
    return s[rank - 1]


def median(values):
    s = sorted(values)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


class ApiError(Exception):
    def __init__(self, status, body, headers):
        super().__init__(f"HTTP {status}: {body[:500]}")
        self.status, self.body, self.headers = status, body, headers


class Api:
    """One keep-alive connection to the API (not thread-safe: one per thread)."""

    def __init__(self, url, key, timeout=60):
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.prefix = parts.path.rstrip("/")
        self.key, self.timeout = key, timeout
        self.conn = None
        self.retries_429 = 0
        self.retry_after_seen = set()

    def _connection(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self.conn

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method, path, body=None, content_type=None, headers=None):
        """Returns (status, parsed JSON or text, headers); one reconnect if the kept-alive socket was closed."""
        h = {"X-API-Key": self.key, "Accept": "application/json"}
        if content_type:
            h["Content-Type"] = content_type
        if headers:
            h.update(headers)
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        elif isinstance(body, str):
            body = body.encode()
        for attempt in (1, 2):
            try:
                conn = self._connection()
                conn.request(method, self.prefix + path, body=body, headers=h)
                resp = conn.getresponse()
                raw = resp.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()
                if attempt == 2:
                    raise
        text = raw.decode("utf-8", "replace")
        ctype = resp.getheader("Content-Type", "")
        data = json.loads(text) if "json" in ctype and text else text
        return resp.status, data, dict(resp.getheaders())

    def call(self, method, path, body=None, content_type=None, expect=(200, 201, 202), retry_429_for=300):
        """A request that must succeed; 429 is honoured (sleeps Retry-After, then repeats) for up to
        retry_429_for seconds."""
        deadline = time.monotonic() + retry_429_for
        while True:
            status, data, headers = self.request(method, path, body, content_type)
            if status == 429 and time.monotonic() < deadline:
                self.retries_429 += 1
                retry_after = headers.get("Retry-After") or headers.get("retry-after") or "1"
                self.retry_after_seen.add(retry_after)
                try:
                    wait = float(retry_after)
                except ValueError:
                    wait = 1.0
                time.sleep(max(0.05, min(wait, deadline - time.monotonic())))
                continue
            if status not in expect:
                raise ApiError(status, data if isinstance(data, str) else json.dumps(data), headers)
            return data


def check_server(url):
    """Exits with a clear message when nothing answers at url."""
    parts = urllib.parse.urlsplit(url)
    try:
        conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=30)
        conn.request("GET", parts.path.rstrip("/") + "/openapi")
        conn.getresponse().read()
        conn.close()
    except OSError as e:
        die(f"nothing answers at {url} ({e}). Start the service first: server/run "
            f"(it prints a banner with the keys when it is ready)")


def fresh_tenant(url, admin_key, name):
    """Creates a tenant with the admin key; returns (tenantId, userKey)."""
    api = Api(url, admin_key)
    try:
        data = api.call("POST", "/api/admin/tenants", {"name": name}, expect=(201,))
    finally:
        api.close()
    return data["tenantId"], data["userKey"]


def tenant_for_run(url, name):
    """A fresh tenant when an admin key is available, else the user key (with a warning). Returns
    (key, tenantId or None, description)."""
    path, user, admin = user_and_admin_keys()
    if admin:
        try:
            tenant_id, key = fresh_tenant(url, admin, name)
            return key, tenant_id, f"fresh tenant {name} ({tenant_id})"
        except ApiError as e:
            print(f"warning: could not create a fresh tenant ({e}); using the user key", file=sys.stderr)
    if not user:
        die(f"no API key: set LADING_API_KEY (and LADING_ADMIN_KEY), or run server/run, which writes {path}")
    return user, None, "the user key's tenant (no admin key: jobs of earlier runs count towards its queue)"


TERMINAL = {"completed", "dead", "failed", "cancelled", "rolled_back", "expired"}


def s3_settings():
    """The S3 that server/run starts (S3Proxy); override with LADING_S3_URL / _BUCKET / _ACCESS_KEY / _SECRET_KEY."""
    url = os.environ.get("LADING_S3_URL", "http://127.0.0.1:19000").rstrip("/")
    require_loopback(url, "LADING_S3_URL")
    return (url, os.environ.get("LADING_S3_BUCKET", "lading"), os.environ.get("LADING_S3_ACCESS_KEY", "lading"),
            os.environ.get("LADING_S3_SECRET_KEY", "lading-secret"), os.environ.get("LADING_S3_REGION", "us-east-1"))


def s3_delete(key):
    """Deletes one object (path-style DELETE signed with AWS Signature V4). Returns the HTTP status."""
    import hashlib
    import hmac
    url, bucket, access, secret, region = s3_settings()
    parts = urllib.parse.urlsplit(url)
    host = parts.netloc
    path = "/" + urllib.parse.quote(f"{bucket}/{key}", safe="/-_.~")
    now = datetime.datetime.now(datetime.timezone.utc)
    amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    empty = hashlib.sha256(b"").hexdigest()
    signed = "host;x-amz-content-sha256;x-amz-date"
    canonical = f"DELETE\n{path}\n\nhost:{host}\nx-amz-content-sha256:{empty}\nx-amz-date:{amz_date}\n\n{signed}\n{empty}"
    scope = f"{day}/{region}/s3/aws4_request"
    to_sign = f"AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{hashlib.sha256(canonical.encode()).hexdigest()}"
    k = ("AWS4" + secret).encode()
    for part in (day, region, "s3", "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest()
    headers = {"x-amz-date": amz_date, "x-amz-content-sha256": empty,
               "Authorization": f"AWS4-HMAC-SHA256 Credential={access}/{scope}, SignedHeaders={signed}, "
                                f"Signature={signature}"}
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=30)
    try:
        conn.request("DELETE", path, headers=headers)
        resp = conn.getresponse()
        resp.read()
        return resp.status
    finally:
        conn.close()


def load_note(at_start=True):
    """The 1-minute load average. At the start, a warning when other work competes for the CPUs (the figures are
    then slower and noisier); at the end the bench's own work is part of it."""
    try:
        load = os.getloadavg()[0]
    except OSError:
        return ""
    cpus = os.cpu_count() or 1
    note = f"load average {load:.1f} on {cpus} CPUs"
    if not at_start:
        note += " (now, the bench's own work included)"
    elif load > cpus * 0.75:
        note += " -- WARNING: the machine is busy with other work; the figures will be slower and noisier"
    return note


def mib(value):
    """Bytes as MiB for the benches' printouts (heap, files); n/a for None."""
    return "n/a" if value is None else f"{value / 2**20:,.0f} MiB"


def management_url():
    url = os.environ.get("LADING_MANAGEMENT_URL", "http://127.0.0.1:9990").rstrip("/")
    require_loopback(url, "LADING_MANAGEMENT_URL")
    return url


def server_pid():
    """The process that listens on LADING_URL's port (LADING_SERVER_PID overrides), from /proc; None elsewhere."""
    if os.environ.get("LADING_SERVER_PID"):
        return int(os.environ["LADING_SERVER_PID"])
    port = urllib.parse.urlsplit(base_url()).port or 80
    sockets = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                for line in f.readlines()[1:]:
                    fields = line.split()
                    if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                        sockets.add(f"socket:[{fields[9]}]")
        except OSError:
            return None
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if any(os.readlink(f"/proc/{pid}/fd/{fd}") in sockets for fd in os.listdir(f"/proc/{pid}/fd")):
                return int(pid)
        except OSError:
            continue
    return None


class HeapCounters(threading.Thread):
    """The server JVM's used heap from its own performance counters, by one `jstat -gc PID` for the whole bench.

    jstat reads the counters the JVM keeps in a memory-mapped file, so a sample costs the server nothing. Reading
    WildFly's /metrics instead builds its whole page (about 300 metrics) through the management model: about 30 ms
    of its CPU each time, and read every second it kept the JIT compiling management code through the first
    imports after a start (bench/README.md, "import")."""

    _shared = None

    def __init__(self, process):
        super().__init__(daemon=True)
        self.process = process
        self.latest = None
        self.listeners = []

    @classmethod
    def shared(cls):
        """The bench's one jstat, started at first use; None when the server is not a local JVM jstat can read."""
        if cls._shared is None:
            cls._shared = False
            pid = server_pid()
            jstat = shutil.which("jstat") or os.path.join(os.environ.get("JAVA_HOME", "/nonexistent"), "bin", "jstat")
            if pid and os.access(jstat, os.X_OK):
                interval_ms = max(100, int(float(os.environ.get("HEAP_SAMPLE_S", "0.5")) * 1000))
                process = subprocess.Popen([jstat, "-gc", str(pid), str(interval_ms)], stdout=subprocess.PIPE,
                                           stderr=subprocess.DEVNULL, text=True)
                # jstat samples until it is stopped, and writing to the pipe of a bench that has ended does not
                # stop it: left running, each one took CPU from every later measurement on the machine.
                atexit.register(process.kill)
                counters = cls(process)
                counters.start()
                deadline = time.monotonic() + 10
                while counters.latest is None and counters.is_alive() and time.monotonic() < deadline:
                    time.sleep(0.05)
                if counters.latest is not None:
                    cls._shared = counters
                else:
                    process.kill()
        return cls._shared or None

    def run(self):
        columns = None
        for line in self.process.stdout:
            fields = line.split()
            if fields and fields[0] == "S0C":
                columns = fields
            elif columns and len(fields) == len(columns):
                used = dict(zip(columns, fields))
                # Survivors, eden and old generation, in KiB: what the JVM reports as its used heap.
                self.latest = sum(float(used[c].replace(",", ".")) for c in ("S0U", "S1U", "EU", "OU")) * 1024
                for listener in list(self.listeners):
                    listener(self.latest)


class HeapSampler(threading.Thread):
    """Samples the server's used heap every HEAP_SAMPLE_S seconds (default 0.5) while it runs: from the JVM's own
    counters through jstat when the server is a local JVM (HeapCounters), else from the Prometheus text of its
    management interface (LADING_MANAGEMENT_URL, default http://127.0.0.1:9990, every second at the most: each read
    costs WildFly about 30 ms of CPU). used_heap() is None when neither is available."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples, self.stop = [], threading.Event()
        self.interval = max(1.0, float(os.environ.get("HEAP_SAMPLE_S", "0.5")))
        self.counters = HeapCounters.shared()

    @staticmethod
    def used_heap():
        counters = HeapCounters.shared()
        if counters is not None:
            return counters.latest
        try:
            with urllib.request.urlopen(management_url() + "/metrics", timeout=2) as r:
                text = r.read().decode()
        except OSError:
            return None
        total = 0
        found = False
        for line in text.splitlines():
            if line.startswith("#"):
                continue
            if line.startswith("base_memory_usedHeap_bytes") or (
                    line.startswith("jvm_memory_used_bytes") and 'area="heap"' in line):
                total += float(line.rsplit(" ", 1)[1])
                found = True
        return total if found else None

    def run(self):
        if self.counters is not None:
            self.counters.listeners.append(self.samples.append)
            self.stop.wait()
            self.counters.listeners.remove(self.samples.append)
            return
        while not self.stop.is_set():
            v = self.used_heap()
            if v is not None:
                self.samples.append(v)
            self.stop.wait(self.interval)

    def floors(self):
        """The lowest used heap in the first and in the last quarter of the samples: what survives collections
        early and late in the run. A heap that grows with the file shows a rising floor; a flat one does not.
        (The maximum says little: the collector lets the heap fill up to its limit before it runs.)"""
        if len(self.samples) < 8:
            return None, None
        quarter = len(self.samples) // 4
        return min(self.samples[:quarter]), min(self.samples[-quarter:])
