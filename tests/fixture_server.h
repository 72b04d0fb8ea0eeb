/*
 * fixture_server.h — starting and stopping the loopback HTTP fixture
 * server (tests/fixture_server.c, built as $BUILD/tests/fixture-server)
 * from a test:
 *
 *     int port;
 *     pid_t pid;
 *     if (start_fixture_server(root, &port, &pid) != 0) fail();
 *     ... fetch http://127.0.0.1:PORT/f/harbor.xml, /status/503, ... ...
 *     assert_int_equal(stop_fixture_server(pid), 0);
 *
 * The server is found beside the running test binary (build/tests or
 * build-asan/tests, so each build tests its own server), or at
 * $PX_FIXTURE_SERVER.  It runs with --exit-on-eof and its stdin on a pipe
 * whose write end only this process holds (close-on-exec), so a test that
 * crashes or is killed takes its server with it.  With PX_FIXTURE_LOG set
 * in the environment it logs each request to the test's stderr.  Up to
 * eight servers may run at once.  POSIX only; no cmocka needed.
 */
#ifndef PX_FIXTURE_SERVER_H
#define PX_FIXTURE_SERVER_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The running servers' pids and the write ends of their stdin pipes. */
struct fixture_server_slot {
	pid_t pid;
	int stdin_fd;
};

/* The slot of PID (0: a free slot), or NULL when there is none. */
static inline struct fixture_server_slot *fixture_server_slot(pid_t pid)
{
	static struct fixture_server_slot slots[8];
	for (size_t i = 0; i < sizeof(slots) / sizeof(slots[0]); i++)
		if (slots[i].pid == pid)
			return &slots[i];
	return NULL;
}

/* The server binary's path in BUF: $PX_FIXTURE_SERVER, else
 * fixture-server in the running executable's directory. */
static inline const char *fixture_server_path(char *buf, size_t size)
{
	const char *env = getenv("PX_FIXTURE_SERVER");
	if (env && *env) {
		snprintf(buf, size, "%s", env);
		return buf;
	}
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0) {
		snprintf(buf, size, "build/tests/fixture-server");
		return buf;
	}
	self[n] = '\0';
	static const char name[] = "fixture-server";
	char *slash = strrchr(self, '/');
	size_t keep = slash ? (size_t)(slash - self) + 1 : 0;
	if (keep + sizeof(name) > size)
		keep = 0;
	memcpy(buf, self, keep);
	memcpy(buf + keep, name, sizeof(name));
	return buf;
}

/* Milliseconds on the monotonic clock. */
static inline long long fixture_server_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits up to TIMEOUT_MS for PID to exit; its wait status in *STATUS.
 * Returns 0 when it exited, -1 on timeout or error. */
static inline int fixture_server_wait(pid_t pid, int timeout_ms, int *status)
{
	long long deadline = fixture_server_now_ms() + timeout_ms;
	for (;;) {
		pid_t got = waitpid(pid, status, WNOHANG);
		if (got == pid)
			return 0;
		if (got < 0 && errno != EINTR)
			return -1;
		if (fixture_server_now_ms() >= deadline)
			return -1;
		struct timespec ts = { 0, 10 * 1000000 };
		nanosleep(&ts, NULL);
	}
}

/* Starts the fixture server on ROOT (a directory; /f/PATH serves
 * ROOT/PATH) on an ephemeral loopback port; *PORT and *PID say where and
 * which.  Returns 0, or -1 with the reason on stderr (no binary, no
 * "listening" line within 20 s, no free slot). */
static inline int start_fixture_server(const char *root, int *port, pid_t *pid)
{
	struct fixture_server_slot *slot = fixture_server_slot(0);
	char path[PATH_MAX];
	fixture_server_path(path, sizeof(path));
	if (!slot) {
		fprintf(stderr, "start_fixture_server: too many servers running\n");
		return -1;
	}
	if (access(path, X_OK) != 0) {
		fprintf(stderr, "start_fixture_server: %s: %s\n", path, strerror(errno));
		return -1;
	}
	int in[2], out[2];
	if (pipe(in) != 0)
		return -1;
	if (pipe(out) != 0) {
		close(in[0]);
		close(in[1]);
		return -1;
	}
	fcntl(in[1], F_SETFD, FD_CLOEXEC);
	fcntl(out[0], F_SETFD, FD_CLOEXEC);
	fflush(stdout);
	fflush(stderr);
	pid_t child = fork();
	if (child < 0) {
		close(in[0]), close(in[1]), close(out[0]), close(out[1]);
		return -1;
	}
	if (child == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]);
		close(out[1]);
		const char *log = getenv("PX_FIXTURE_LOG");
		char *argv[] = { path, "--root", (char *)root, "--exit-on-eof",
		                 log && *log ? "--log" : NULL, NULL };
		execv(path, argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);

	/* The first line: "listening on http://127.0.0.1:PORT/". */
	char line[200];
	size_t len = 0;
	long long deadline = fixture_server_now_ms() + 20000;
	int got_port = -1;
	while (len < sizeof(line) - 1) {
		long long left = deadline - fixture_server_now_ms();
		struct pollfd pfd = { out[0], POLLIN, 0 };
		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			break;
		ssize_t n = read(out[0], line + len, sizeof(line) - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
		line[len] = '\0';
		if (strchr(line, '\n')) {
			if (sscanf(line, "listening on http://127.0.0.1:%d/", &got_port) != 1)
				got_port = -1;
			break;
		}
	}
	close(out[0]);
	if (got_port <= 0) {
		int status;
		fprintf(stderr, "start_fixture_server: %s --root %s did not start\n", path, root);
		close(in[1]);
		kill(child, SIGKILL);
		fixture_server_wait(child, 5000, &status);
		return -1;
	}
	slot->pid = child;
	slot->stdin_fd = in[1];
	*port = got_port;
	*pid = child;
	return 0;
}

/* Forgets PID's slot, closing its stdin pipe. */
static inline void fixture_server_forget(pid_t pid)
{
	struct fixture_server_slot *slot = fixture_server_slot(pid);
	if (slot) {
		close(slot->stdin_fd);
		slot->pid = 0;
		slot->stdin_fd = -1;
	}
}

/* Reaps PID within TIMEOUT_MS (else kills it); 0 when it exited with
 * status 0, -1 otherwise (reported on stderr). */
static inline int fixture_server_reap(pid_t pid, int timeout_ms)
{
	int status = 0;
	if (fixture_server_wait(pid, timeout_ms, &status) != 0) {
		fprintf(stderr, "fixture server %d did not stop; killed\n", (int)pid);
		kill(pid, SIGKILL);
		fixture_server_wait(pid, 5000, &status);
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "fixture server %d: %s %d\n", (int)pid,
		        WIFEXITED(status) ? "exit status" : "killed by signal",
		        WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		return -1;
	}
	return 0;
}

/* Stops PID with SIGTERM and reaps it: 0 when it exited cleanly (status
 * 0: under ASan, no leak either) within 10 s, -1 otherwise. */
static inline int stop_fixture_server(pid_t pid)
{
	if (kill(pid, SIGTERM) != 0)
		return -1;
	int rc = fixture_server_reap(pid, 10000);
	fixture_server_forget(pid);
	return rc;
}

/* Stops PID by closing its stdin, as a test that dies would; 0 when it
 * exited cleanly within 10 s, -1 otherwise. */
static inline int stop_fixture_server_by_eof(pid_t pid)
{
	fixture_server_forget(pid);
	return fixture_server_reap(pid, 10000);
}

/* "http://127.0.0.1:PORT" + PATH in a static buffer (valid until the next
 * call). */
static inline const char *fixture_url(int port, const char *path)
{
	static char buf[512];
	snprintf(buf, sizeof(buf), "http://127.0.0.1:%d%.400s", port, path);
	return buf;
}

#endif
