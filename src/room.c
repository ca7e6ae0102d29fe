/*
 * room: the presenter's listening socket and its followers, or one follower's connection.
 * The socket rules and the protocol are in include/room.h.
 *
 * The presenter must never wait for a follower: a stalled follower (a frozen laptop, a
 * dropped SSH connection not yet noticed, ^S in a terminal) would freeze the projector.
 * So every socket is non-blocking, and each follower holds at most one line: the rest of
 * the line that was being sent when its socket buffer filled.  A follower that misses
 * states is only marked "behind"; when it drains (EPOLLOUT) it is sent the newest state,
 * never the ones in between.  Memory is bounded by ROOM_MAX_FOLLOWERS lines.
 *
 * One epoll descriptor holds the listening socket and every follower, so the caller's
 * loop waits on one fd.  Followers are watched for hang-up only (events 0: EPOLLHUP and
 * EPOLLERR are always reported) and for EPOLLOUT while they have something pending; the
 * presenter shuts each connection for reading, so nothing a follower writes is ever read
 * (its writes fail) and it cannot make the presenter's loop spin.
 *
 * The follower reads whatever is there, keeps the newest valid state of the batch (a
 * follower that was stopped catches up in one step), and on EOF closes and reconnects
 * with a backoff.  It checks who it connects to: the socket's owner must be trusted
 * (itself, root, or the owner of the room's directory) and the listening process must
 * run as that owner (SO_PEERCRED), so another user cannot stand in for the presenter.
 */
#define _GNU_SOURCE /* accept4, struct ucred (SO_PEERCRED) */
#include "room.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define ROOM_BACKOFF_MIN 100  /* ms before the first reconnect */
#define ROOM_BACKOFF_MAX 2000 /* ms between reconnects at most */
#define ROOM_READ_BUDGET (256 * 1024) /* bytes a follower reads per room_poll */

struct room_peer {
	int fd;
	int behind;          /* missed a state: is sent the newest once out[] is sent */
	unsigned events;     /* what epoll watches now (0 or EPOLLOUT) */
	size_t off, len;     /* out[off..len) is the rest of the line being sent */
	char out[ROOM_LINE_MAX];
};

struct room {
	int presenter;               /* 1: listening side; 0: follower */
	int private;                 /* a NAME: the socket is in our own 0700 directory */
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	/* presenter */
	int lfd, epfd;
	dev_t dev;                   /* the socket file we created, to unlink only ours */
	ino_t ino;
	unsigned long long seq;
	char line[ROOM_LINE_MAX];    /* the newest state, formatted; len 0 before the first */
	size_t linelen;
	int npeers;
	struct room_peer *peers[ROOM_MAX_FOLLOWERS];
	/* follower */
	int fd;
	int backoff;                 /* ms to wait after the next failure */
	long long next_try;          /* monotonic ms of the next connection attempt */
	unsigned long long last_seq; /* on this connection */
	int skipping;                /* discarding the rest of an overlong line */
	size_t inlen;
	char in[ROOM_LINE_MAX];
	char last_err[160];          /* the last connection problem noted, not to repeat it */
};

static long long room_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int room_valid_name(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > ROOM_NAME_MAX || s[0] == '.' || s[0] == '-' || s[0] == '_')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

/* The directory of the default rooms: $XDG_RUNTIME_DIR/opdeck or /tmp/opdeck-UID. */
static int room_default_dir(char *out, size_t outsz)
{
	const char *x = getenv("XDG_RUNTIME_DIR");
	int n;

	if (x && x[0] == '/')
		n = snprintf(out, outsz, "%s/opdeck", x);
	else
		n = snprintf(out, outsz, "/tmp/opdeck-%lu", (unsigned long)geteuid());
	return n < 0 || (size_t)n >= outsz ? -1 : 0;
}

int room_path(const char *room, char *out, size_t outsz, char *err, size_t errsz)
{
	char dir[256];
	int n;

	if (!room || !*room) {
		snprintf(err, errsz, "no room given (a NAME or a PATH)");
		return -1;
	}
	if (strchr(room, '/')) {
		n = snprintf(out, outsz, "%s", room);
	} else if (!room_valid_name(room)) {
		snprintf(err, errsz, "bad room name (letters, digits, '.', '_' and '-', at most %d; "
		         "or a path with a '/')", ROOM_NAME_MAX);
		return -1;
	} else {
		if (room_default_dir(dir, sizeof dir) < 0) {
			snprintf(err, errsz, "$XDG_RUNTIME_DIR is too long");
			return -1;
		}
		n = snprintf(out, outsz, "%s/%s.sock", dir, room);
	}
	if (n < 0 || (size_t)n >= outsz || (size_t)n >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
		snprintf(err, errsz, "socket path too long (at most %zu bytes)",
		         sizeof(((struct sockaddr_un *)0)->sun_path) - 1);
		return -1;
	}
	return 0;
}

/* The directory part of path into dir ("." when there is none). */
static void room_dirname(const char *path, char *dir, size_t dirsz)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(dir, dirsz, ".");
	else if (slash == path)
		snprintf(dir, dirsz, "/");
	else
		snprintf(dir, dirsz, "%.*s", (int)(slash - path), path);
}

/*
 * Checks the room's directory for the presenter (create: make the default one) or a
 * follower.  private: the default directory, which must be ours and 0700.  Else a
 * shared room's directory: ours or root's, and writable by nobody else unless sticky.
 */
static int room_check_dir(const char *dir, int private, int create, struct stat *st,
                          char *err, size_t errsz)
{
	uid_t me = geteuid();

	if (lstat(dir, st) < 0) {
		if (errno == ENOENT && create && private) {
			if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
				snprintf(err, errsz, "%s: cannot create: %s", dir, strerror(errno));
				return -1;
			}
			return room_check_dir(dir, private, 0, st, err, errsz);
		}
		snprintf(err, errsz, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st->st_mode)) {
		snprintf(err, errsz, "%s: not a directory (a symbolic link is not followed)", dir);
		return -1;
	}
	if (private) {
		if (st->st_uid != me) {
			snprintf(err, errsz, "%s: owned by uid %lu, not by you: not used", dir,
			         (unsigned long)st->st_uid);
			return -1;
		}
		if ((st->st_mode & 077) != 0) {
			snprintf(err, errsz, "%s: permissions %03o, expected 700 (chmod 700 it)", dir,
			         (unsigned)(st->st_mode & 0777));
			return -1;
		}
		return 0;
	}
	if (st->st_uid != me && st->st_uid != 0 && create) {
		snprintf(err, errsz, "%s: owned by uid %lu, not by you or root: not used", dir,
		         (unsigned long)st->st_uid);
		return -1;
	}
	if ((st->st_mode & 022) != 0 && !(st->st_mode & S_ISVTX)) {
		snprintf(err, errsz, "%s: writable by others (permissions %03o) and not sticky: "
		         "anyone could replace the socket", dir, (unsigned)(st->st_mode & 0777));
		return -1;
	}
	return 0;
}

static int room_sockaddr(const char *path, struct sockaddr_un *sa)
{
	memset(sa, 0, sizeof *sa);
	sa->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa->sun_path)
		return -1;
	memcpy(sa->sun_path, path, strlen(path) + 1);
	return 0;
}

/* 1 when something accepts connections on path, 0 when nothing does (a stale socket). */
static int room_alive(const char *path)
{
	struct sockaddr_un sa;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0), alive;

	if (fd < 0 || room_sockaddr(path, &sa) < 0) {
		if (fd >= 0)
			close(fd);
		return 1; /* cannot tell: do not remove it */
	}
	alive = connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0 || errno == EAGAIN;
	close(fd);
	return alive;
}

/* ---- presenter ---------------------------------------------------------------------- */

struct room *room_present(const char *name, char *err, size_t errsz)
{
	struct room *r = calloc(1, sizeof *r);
	struct sockaddr_un sa;
	struct epoll_event ev;
	struct stat dst, sst;
	char dir[sizeof r->path];
	mode_t mode = 0600, old;

	if (!r) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	r->presenter = 1;
	r->lfd = r->epfd = r->fd = -1;
	if (room_path(name, r->path, sizeof r->path, err, errsz) < 0)
		goto fail;
	r->private = strchr(name, '/') == NULL;
	room_dirname(r->path, dir, sizeof dir);
	if (room_check_dir(dir, r->private, 1, &dst, err, errsz) < 0)
		goto fail;
	/* A shared room: the directory's group reaches the socket through it. */
	if (!r->private && dst.st_uid == geteuid() && (dst.st_mode & 0010))
		mode = 0660;
	if (lstat(r->path, &sst) == 0) {
		if (!S_ISSOCK(sst.st_mode)) {
			snprintf(err, errsz, "%s: exists and is not a socket: not replaced", r->path);
			goto fail;
		}
		if (sst.st_uid != geteuid()) {
			snprintf(err, errsz, "%s: a socket of uid %lu, not yours: never reused",
			         r->path, (unsigned long)sst.st_uid);
			goto fail;
		}
		if (room_alive(r->path)) {
			snprintf(err, errsz, "%s: the room is already being presented", r->path);
			goto fail;
		}
		if (unlink(r->path) < 0 && errno != ENOENT) { /* a presenter that crashed left it */
			snprintf(err, errsz, "%s: cannot remove the stale socket: %s", r->path,
			         strerror(errno));
			goto fail;
		}
	} else if (errno != ENOENT) {
		snprintf(err, errsz, "%s: %s", r->path, strerror(errno));
		goto fail;
	}
	r->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (r->lfd < 0 || room_sockaddr(r->path, &sa) < 0) {
		snprintf(err, errsz, "%s: socket: %s", r->path, strerror(errno));
		goto fail;
	}
	/* Created with no access for anyone but us, opened up (if shared) once it is ours. */
	old = umask(0177);
	if (bind(r->lfd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		int e = errno;
		umask(old);
		snprintf(err, errsz, "%s: %s", r->path, strerror(e));
		goto fail;
	}
	umask(old);
	if (lstat(r->path, &sst) < 0) {
		snprintf(err, errsz, "%s: %s", r->path, strerror(errno));
		goto fail_unlink;
	}
	r->dev = sst.st_dev;
	r->ino = sst.st_ino;
	if (mode == 0660 && (chown(r->path, (uid_t)-1, dst.st_gid) < 0 || chmod(r->path, mode) < 0)) {
		snprintf(err, errsz, "%s: cannot give the socket to the directory's group %lu: %s",
		         r->path, (unsigned long)dst.st_gid, strerror(errno));
		goto fail_unlink;
	}
	if (listen(r->lfd, SOMAXCONN) < 0 || (r->epfd = epoll_create1(EPOLL_CLOEXEC)) < 0) {
		snprintf(err, errsz, "%s: %s", r->path, strerror(errno));
		goto fail_unlink;
	}
	memset(&ev, 0, sizeof ev);
	ev.events = EPOLLIN;
	ev.data.u32 = ROOM_MAX_FOLLOWERS; /* the listener; peers are their slot */
	if (epoll_ctl(r->epfd, EPOLL_CTL_ADD, r->lfd, &ev) < 0) {
		snprintf(err, errsz, "%s: %s", r->path, strerror(errno));
		goto fail_unlink;
	}
	return r;
fail_unlink:
	unlink(r->path);
fail:
	room_close(r);
	return NULL;
}

static void room_drop(struct room *r, int slot)
{
	struct room_peer *p = r->peers[slot];

	if (!p)
		return;
	epoll_ctl(r->epfd, EPOLL_CTL_DEL, p->fd, NULL);
	close(p->fd);
	free(p);
	r->peers[slot] = NULL;
	r->npeers--;
}

/* Sends what a follower has pending and, if it is behind, the newest state; watches
 * EPOLLOUT while anything is left.  -1 when the follower is gone (dropped). */
static int room_flush(struct room *r, int slot)
{
	struct room_peer *p = r->peers[slot];

	for (;;) {
		if (p->off == p->len) {
			if (!p->behind || r->linelen == 0)
				break;
			memcpy(p->out, r->line, r->linelen);
			p->off = 0;
			p->len = r->linelen;
			p->behind = 0;
		}
		ssize_t n = send(p->fd, p->out + p->off, p->len - p->off, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			room_drop(r, slot);
			return -1;
		}
		p->off += (size_t)n;
	}
	unsigned want = p->off < p->len || (p->behind && r->linelen) ? EPOLLOUT : 0;
	if (want != p->events) {
		struct epoll_event ev;
		memset(&ev, 0, sizeof ev);
		ev.events = want;
		ev.data.u32 = (unsigned)slot;
		if (epoll_ctl(r->epfd, EPOLL_CTL_MOD, p->fd, &ev) < 0) {
			room_drop(r, slot);
			return -1;
		}
		p->events = want;
	}
	return 0;
}

static int room_accept(struct room *r, char *note, size_t notesz)
{
	int evs = 0;

	for (;;) {
		int fd = accept4(r->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC), slot = -1;
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK && note && notesz) {
				snprintf(note, notesz, "room: accept: %s", strerror(errno));
				evs |= ROOM_EV_NOTE;
			}
			return evs;
		}
		for (int i = 0; i < ROOM_MAX_FOLLOWERS && slot < 0; i++)
			if (!r->peers[i])
				slot = i;
		struct room_peer *p = slot >= 0 ? calloc(1, sizeof *p) : NULL;
		struct epoll_event ev;
		memset(&ev, 0, sizeof ev);
		ev.data.u32 = (unsigned)slot;
		/* Nothing a follower sends is read: after SHUT_RD its writes fail. */
		if (!p || shutdown(fd, SHUT_RD) < 0 || epoll_ctl(r->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
			close(fd);
			free(p);
			if (slot < 0 && note && notesz) {
				snprintf(note, notesz, "room: %d followers already; one more refused",
				         ROOM_MAX_FOLLOWERS);
				evs |= ROOM_EV_NOTE;
			}
			continue;
		}
		p->fd = fd;
		p->behind = 1; /* the current state, at once */
		r->peers[slot] = p;
		r->npeers++;
		room_flush(r, slot);
	}
}

static int room_poll_presenter(struct room *r, char *note, size_t notesz)
{
	struct epoll_event evs[64];
	int n, accept_due = 0, out = 0, rounds = 0;

	/* Peers first, the listener last: a slot freed by a hang-up is not reused while
	 * events of this batch may still name it.  Bounded: enough rounds for every peer. */
	do {
		n = epoll_wait(r->epfd, evs, 64, 0);
		for (int i = 0; i < n; i++) {
			unsigned slot = evs[i].data.u32;
			if (slot == ROOM_MAX_FOLLOWERS) {
				accept_due = 1;
				continue;
			}
			if (!r->peers[slot])
				continue;
			if (evs[i].events & (EPOLLHUP | EPOLLERR))
				room_drop(r, (int)slot);
			else if (evs[i].events & EPOLLOUT)
				room_flush(r, (int)slot);
		}
	} while (n == 64 && ++rounds <= ROOM_MAX_FOLLOWERS / 64);
	if (accept_due)
		out |= room_accept(r, note, notesz);
	return out;
}

int room_publish(struct room *r, const struct room_state *st)
{
	struct room_state s;
	int n, reached = 0;

	if (!r || !r->presenter || !st)
		return -1;
	s = *st;
	s.seq = r->seq + 1;
	n = room_format(&s, r->line, sizeof r->line);
	if (n < 0)
		return -1;
	r->seq = s.seq;
	r->linelen = (size_t)n;
	for (int i = 0; i < ROOM_MAX_FOLLOWERS; i++) {
		struct room_peer *p = r->peers[i];
		if (!p)
			continue;
		p->behind = 1;
		if (room_flush(r, i) == 0 && !p->behind && p->off == p->len)
			reached++;
	}
	return reached;
}

/* ---- follower ----------------------------------------------------------------------- */

struct room *room_follow(const char *name, char *err, size_t errsz)
{
	struct room *r = calloc(1, sizeof *r);

	if (!r) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	r->lfd = r->epfd = r->fd = -1;
	if (room_path(name, r->path, sizeof r->path, err, errsz) < 0) {
		free(r);
		return NULL;
	}
	r->private = strchr(name, '/') == NULL;
	r->backoff = ROOM_BACKOFF_MIN;
	r->next_try = room_now_ms();
	return r;
}

/* One connection attempt; -1 with why (nothing there yet is not worth a note: why ""). */
static int room_connect(struct room *r, char *why, size_t whysz)
{
	struct sockaddr_un sa;
	struct stat dst, sst;
	struct ucred cred;
	socklen_t cl = sizeof cred;
	char dir[sizeof r->path], err[160];
	int fd;
	uid_t me = geteuid();

	why[0] = '\0';
	room_dirname(r->path, dir, sizeof dir);
	if (lstat(dir, &dst) < 0 && errno == ENOENT)
		return -1; /* no presenter has been here yet */
	if (room_check_dir(dir, r->private, 0, &dst, err, sizeof err) < 0) {
		snprintf(why, whysz, "%s", err);
		return -1;
	}
	if (lstat(r->path, &sst) < 0)
		return -1;
	if (!S_ISSOCK(sst.st_mode)) {
		snprintf(why, whysz, "%s: not a socket", r->path);
		return -1;
	}
	if (sst.st_uid != me && sst.st_uid != 0 && sst.st_uid != dst.st_uid) {
		snprintf(why, whysz, "%s: owned by uid %lu, who does not own its directory: not trusted",
		         r->path, (unsigned long)sst.st_uid);
		return -1;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0 || room_sockaddr(r->path, &sa) < 0) {
		if (fd >= 0)
			close(fd);
		snprintf(why, whysz, "%s: socket: %s", r->path, strerror(errno));
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		int e = errno;
		close(fd);
		if (e == EACCES || e == EPERM)
			snprintf(why, whysz, "%s: %s", r->path, strerror(e));
		return -1; /* refused (stale socket), backlog full: the presenter is not there */
	}
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cl) < 0 || cred.uid != sst.st_uid) {
		close(fd);
		snprintf(why, whysz, "%s: the process listening is not the socket's owner: not trusted",
		         r->path);
		return -1;
	}
	r->fd = fd;
	return 0;
}

static void room_hangup(struct room *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	r->inlen = 0;
	r->skipping = 0;
	r->backoff = ROOM_BACKOFF_MIN;
	r->next_try = room_now_ms() + r->backoff;
}

/* Parses the complete lines in r->in; keeps the newest valid state in *st. */
static int room_lines(struct room *r, struct room_state *st, char *note, size_t notesz)
{
	char why[200];
	size_t start = 0;
	int evs = 0;

	for (size_t i = 0; i < r->inlen; i++) {
		if (r->in[i] != '\n')
			continue;
		if (r->skipping) {
			r->skipping = 0;
		} else {
			struct room_state s;
			if (room_parse(r->in + start, i - start, &s, why, sizeof why) < 0) {
				snprintf(note, notesz, "room message dropped: %s", why);
				evs |= ROOM_EV_NOTE;
			} else if (s.seq <= r->last_seq) {
				snprintf(note, notesz, "room message dropped: seq %llu after %llu", s.seq,
				         r->last_seq);
				evs |= ROOM_EV_NOTE;
			} else {
				r->last_seq = s.seq;
				*st = s;
				evs |= ROOM_EV_STATE;
			}
		}
		start = i + 1;
	}
	memmove(r->in, r->in + start, r->inlen - start);
	r->inlen -= start;
	if (r->inlen == sizeof r->in) { /* no '\n' in ROOM_LINE_MAX bytes */
		if (!r->skipping) {
			snprintf(note, notesz, "room message dropped: overlong message (over %d bytes)",
			         ROOM_LINE_MAX);
			evs |= ROOM_EV_NOTE;
		}
		r->skipping = 1;
		r->inlen = 0;
	}
	return evs;
}

static int room_poll_follower(struct room *r, struct room_state *st, char *note, size_t notesz)
{
	int evs = 0;

	if (r->fd < 0) {
		char why[200];
		if (room_now_ms() < r->next_try)
			return 0;
		if (room_connect(r, why, sizeof why) < 0) {
			r->next_try = room_now_ms() + r->backoff;
			r->backoff = r->backoff * 2 > ROOM_BACKOFF_MAX ? ROOM_BACKOFF_MAX : r->backoff * 2;
			if (why[0] && strcmp(why, r->last_err) != 0) {
				snprintf(note, notesz, "%s", why);
				evs |= ROOM_EV_NOTE;
			}
			snprintf(r->last_err, sizeof r->last_err, "%s", why);
			return evs;
		}
		r->last_err[0] = '\0';
		r->last_seq = 0;
		r->backoff = ROOM_BACKOFF_MIN;
		evs |= ROOM_EV_UP;
	}
	for (size_t total = 0; total < ROOM_READ_BUDGET;) {
		ssize_t n = read(r->fd, r->in + r->inlen, sizeof r->in - r->inlen);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) { /* the presenter went away (or the connection broke) */
			evs |= room_lines(r, st, note, notesz);
			room_hangup(r);
			return evs | ROOM_EV_DOWN;
		}
		r->inlen += (size_t)n;
		total += (size_t)n;
		evs |= room_lines(r, st, note, notesz);
	}
	return evs;
}

/* ---- both --------------------------------------------------------------------------- */

int room_poll(struct room *r, struct room_state *st, char *note, size_t notesz)
{
	char dummy[8];
	struct room_state s;

	if (!r)
		return 0;
	if (!note || !notesz) {
		note = dummy;
		notesz = sizeof dummy;
	}
	if (r->presenter)
		return room_poll_presenter(r, note, notesz);
	return room_poll_follower(r, st ? st : &s, note, notesz);
}

int room_fd(const struct room *r)
{
	return !r ? -1 : r->presenter ? r->epfd : r->fd;
}

int room_timeout(const struct room *r)
{
	if (!r || r->presenter || r->fd >= 0)
		return -1;
	long long left = r->next_try - room_now_ms();
	return left < 0 ? 0 : (int)left;
}

int room_followers(const struct room *r)
{
	return r && r->presenter ? r->npeers : 0;
}

size_t room_backlog(const struct room *r)
{
	size_t n = 0;

	for (int i = 0; r && r->presenter && i < ROOM_MAX_FOLLOWERS; i++)
		if (r->peers[i])
			n += r->peers[i]->len - r->peers[i]->off;
	return n;
}

int room_connected(const struct room *r)
{
	return r && !r->presenter && r->fd >= 0;
}

const char *room_socket(const struct room *r)
{
	return r ? r->path : NULL;
}

void room_close(struct room *r)
{
	struct stat st;

	if (!r)
		return;
	for (int i = 0; i < ROOM_MAX_FOLLOWERS; i++)
		if (r->peers[i])
			room_drop(r, i);
	if (r->lfd >= 0) {
		/* Only our own socket: a presenter started since may have replaced it. */
		if (lstat(r->path, &st) == 0 && st.st_dev == r->dev && st.st_ino == r->ino)
			unlink(r->path);
		close(r->lfd);
	}
	if (r->epfd >= 0)
		close(r->epfd);
	if (r->fd >= 0)
		close(r->fd);
	free(r);
}
