"""Shared by the catwalk-logd benchmarks: a PostgreSQL cluster of their own with the backend's
tables, web-app tokens, and waiting for a server to answer."""
import base64, hashlib, hmac, json, os, shutil, socket, subprocess, tempfile, time, uuid
import http.client

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PG = "/usr/lib/postgresql/15/bin"
SECRET = "bench-secret-of-at-least-thirty-two-bytes"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_postgres(arguments):
    prefix = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    subprocess.run(prefix + arguments, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class Cluster:
    def __init__(self):
        self.directory = tempfile.mkdtemp(prefix="catwalk-bench-pg-")
        if os.getuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        self.port = free_port()
        as_postgres([f"{PG}/initdb", "-D", self.directory, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"])
        as_postgres([f"{PG}/pg_ctl", "-D", self.directory, "-w", "-l", self.directory + "/log", "-o",
                     f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1", "start"])

    def psql(self, database, sql=None, file=None):
        arguments = [f"{PG}/psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(self.port),
                     "-U", "postgres", "-d", database] + (["-c", sql] if sql else ["-f", file])
        return subprocess.run(arguments, check=True, capture_output=True, text=True).stdout.strip()

    def stop(self):
        as_postgres([f"{PG}/pg_ctl", "-D", self.directory, "-m", "immediate", "stop"])
        shutil.rmtree(self.directory, ignore_errors=True)


def token(email):
    def b64(data):
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64(json.dumps({"sub": str(uuid.uuid4()), "email": email, "exp": int(time.time()) + 3600}).encode())
    signature = b64(hmac.new(SECRET.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest())
    return f"{header}.{payload}.{signature}"


def backend_database(cluster, bin_dir):
    """Creates database `bench` with the backend's tables and catwalk-logd's; returns its DATABASE_URL."""
    cluster.psql("postgres", "CREATE DATABASE bench")
    cluster.psql("bench", file=os.path.join(ROOT, "Tests/Fixtures/catwalk-backend-schema.sql"))
    url = f"postgres://postgres@127.0.0.1:{cluster.port}/bench?sslmode=disable"
    subprocess.run([f"{bin_dir}/catwalk-logd", "migrate"], check=True, env={"DATABASE_URL": url, "PATH": os.environ["PATH"]},
                   stderr=subprocess.DEVNULL)
    return url


def wait_for(port, path, headers=None, seconds=30, log=None, process=None):
    deadline, last = time.time() + seconds, "no answer"
    while time.time() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            if response.status == 200:
                return
            last = f"{response.status} {response.read()[:300]!r}"
        except OSError as error:
            last = str(error)
        time.sleep(0.2)
    said = (open(log).read()[-2000:] if log else "") + (f"\nexit status {process.poll()}" if process else "")
    raise SystemExit(f"nothing answered 200 on port {port} within {seconds} s (last: {last})\n{said}")


def rss_mib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0
