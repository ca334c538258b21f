// SPDX-License-Identifier: GPL-2.0
/*
 * vpcpeerctl save: write the live state of the namespace as a batch file
 * that "vpcpeerctl -b FILE" restores: every VPC with its VRF and CIDRs,
 * every peering with its MTU (if not the default), its flags and its
 * admin state, and the routes of protocol vpcpeer that "routes auto" does
 * not install by itself.
 *
 * The output is sorted (VPCs, CIDRs, peerings and routes by name and
 * prefix), so that two saves of the same state are the same file but for
 * the time in the header, and can be diffed. SOURCE_DATE_EPOCH, if set,
 * is the time the header gives.
 *
 * A route is "routes auto"'s, and not written, when route_is_auto()
 * (model.c) says so: its peering has the flag, it leaves the VPC
 * through the VPC's own endpoint, its prefix is exactly a CIDR of the peer
 * VPC and its metric is the family's default. Every other route of
 * protocol vpcpeer in a VPC's table is written as "route add". Routes the
 * grammar cannot express (not out of an endpoint of a peering of that
 * VPC, not unicast) are written as comments, and so is a peering whose
 * endpoints have different MTUs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <linux/rtnetlink.h>
#include <linux/vpcpeer.h>

#include "save.h"
#include "version.h"

/* Characters a word may have and be written as it is. */
#define PLAIN_CHARS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" \
		    "0123456789_.:/@+,=%-"

/**
 * put_word() - write a blank and @word as the batch reader splits it back
 * @out: where
 * @what: what the word is, for the message
 * @word: the word, written as it is or quoted
 *
 * Return: 0, or -1 after a message if no quote can hold it.
 */
int put_word(FILE *out, const char *what, const char *word)
{
	if (*word && word[strspn(word, PLAIN_CHARS)] == '\0') {
		fprintf(out, " %s", word);
		return 0;
	}
	if (strchr(word, '\n')) {
		errmsg("%s \"%s\" has a newline: a batch file cannot name it",
		       what, word);
		return -1;
	}
	if (!strchr(word, '\'')) {
		fprintf(out, " '%s'", word);
		return 0;
	}
	if (!strchr(word, '"')) {
		fprintf(out, " \"%s\"", word);
		return 0;
	}
	errmsg("%s \"%s\" has both kinds of quotes: a batch file cannot name it",
	       what, word);
	return -1;
}

static void print_header(struct ctl *ctl, FILE *out)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	char when[32] = "?";
	time_t now = time(NULL);
	struct tm tm;

	if (epoch && *epoch)
		now = (time_t)strtoll(epoch, NULL, 10);
	if (gmtime_r(&now, &tm))
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(out, "# vpcpeer state: the VPCs, peerings and routes of %s%s%s,\n",
		ctl->netns ? "network namespace \"" : "the current network namespace",
		ctl->netns ? ctl->netns : "", ctl->netns ? "\"" : "");
	fprintf(out, "# saved by vpcpeerctl %s at %s.\n", VPCPEER_VERSION, when);
	fprintf(out, "# Restore with: vpcpeerctl%s%s -b FILE\n",
		ctl->netns ? " -n " : "", ctl->netns ? ctl->netns : "");
}

/**
 * put_vpc() - write the "vpc add" line of a VPC
 * @out: where
 * @v: the VPC
 *
 * Return: 0, or -1 after a message if a name cannot be written.
 */
int put_vpc(FILE *out, const struct vpc *v)
{
	char buf[PREFIX_STRLEN];
	size_t c;

	fputs("vpc add", out);
	if (put_word(out, "vpc", v->name))
		return -1;
	fputs(" vrf", out);
	if (put_word(out, "vrf", v->vrf ? v->vrf : ""))
		return -1;
	for (c = 0; c < v->n_cidrs; c++)
		fprintf(out, " cidr %s", prefix_fmt(&v->cidrs[c], buf, sizeof(buf)));
	fputc('\n', out);
	return 0;
}

/**
 * put_peering() - write the "peering add" line of a peering, and its
 *                 "peering set NAME down" line if it is down
 * @out: where
 * @p: the peering
 *
 * Return: 0, or -1 after a message if a name cannot be written.
 */
int put_peering(FILE *out, const struct peering *p)
{
	fputs("peering add", out);
	if (put_word(out, "peering", p->name) ||
	    put_word(out, "vpc", p->vpc[0]) || put_word(out, "vpc", p->vpc[1]))
		return -1;
	if (p->ep[0].mtu != DEFAULT_MTU)
		fprintf(out, " mtu %u", p->ep[0].mtu);
	if (p->flags & VPCPEER_F_ROUTES_AUTO)
		fputs(" routes auto", out);
	fputc('\n', out);
	if (p->admin_up)
		return 0;
	fputs("peering set", out);
	if (put_word(out, "peering", p->name))
		return -1;
	fputs(" down\n", out);
	return 0;
}

/**
 * put_route() - write a "route add" or "route del" line
 * @out: where
 * @verb: "route add" or "route del" (which always names the metric)
 * @r: the route
 *
 * Return: 0, or -1 after a message if a name cannot be written.
 */
int put_route(FILE *out, const char *verb, const struct route_line *r)
{
	char dst[PREFIX_STRLEN];

	fputs(verb, out);
	if (put_word(out, "vpc", r->vpc))
		return -1;
	fprintf(out, " %s peering", prefix_fmt(&r->rt.dst, dst, sizeof(dst)));
	if (put_word(out, "peering", r->peering))
		return -1;
	/* a delete without a metric would take the first of any metric */
	if (strcmp(verb, "route add") ||
	    r->rt.metric != default_metric(&r->rt.dst))
		fprintf(out, " metric %u", r->rt.metric);
	fputc('\n', out);
	return 0;
}

static int save_vpcs(struct state *s, FILE *out)
{
	struct vpc *v;
	size_t i;

	for (i = 0; i < s->n_vpcs; i++) {
		v = &s->vpcs[i];
		if (put_vpc(out, v))
			return -1;
	}
	return 0;
}

static int save_peerings(struct state *s, FILE *out)
{
	struct peering *p;
	size_t i;

	for (i = 0; i < s->n_peerings; i++) {
		p = &s->peerings[i];
		if (p->n_ep != 2 || !p->vpc[0] || !p->vpc[1])
			return bad_reply("a peering without its VPCs or endpoints");
		if (p->ep[0].mtu != p->ep[1].mtu)
			fprintf(out,
				"# peering %s: endpoint %s has MTU %u, %s has %u; both get %u\n",
				p->name, p->ep[0].ifname ? p->ep[0].ifname : "a",
				p->ep[0].mtu,
				p->ep[1].ifname ? p->ep[1].ifname : "b",
				p->ep[1].mtu, p->ep[0].mtu);
		if (p->flags & ~VPCPEER_F_ROUTES_AUTO)
			fprintf(out, "# peering %s: flags 0x%x unknown here, not restored\n",
				p->name, p->flags & ~VPCPEER_F_ROUTES_AUTO);
		if (put_peering(out, p))
			return -1;
	}
	return 0;
}

static int save_routes(const struct state *s, FILE *out)
{
	struct route_line *routes;
	size_t i, n;
	int ret = 0;

	if (state_routes(s, out, &routes, &n))
		return -1;
	for (i = 0; i < n && !ret; i++)
		ret = put_route(out, "route add", &routes[i]);
	free(routes);
	return ret;
}

/*
 * Open a temporary file next to @path, for save -o; its name in @tmp.
 * The mode is @path's if it exists, else 0644.
 */
static FILE *open_temp(const char *path, char **tmp)
{
	const char *slash = strrchr(path, '/');
	struct stat st;
	FILE *f;
	int fd;

	if (asprintf(tmp, "%.*s.%s.XXXXXX", slash ? (int)(slash - path + 1) : 0,
		     path, slash ? slash + 1 : path) < 0) {
		*tmp = NULL;
		errmsg("out of memory");
		return NULL;
	}
	fd = mkstemp(*tmp);
	if (fd < 0) {
		errmsg("cannot create a temporary file for \"%s\": %s", path,
		       strerror(errno));
		free(*tmp);
		*tmp = NULL;
		return NULL;
	}
	f = fchmod(fd, stat(path, &st) ? 0644 : st.st_mode & 07777) ? NULL :
	    fdopen(fd, "w");
	if (!f) {
		errmsg("%s: %s", *tmp, strerror(errno));
		close(fd);
	}
	return f;
}

/* Write @f's data to disk, close it and put it at @path; 0 or -1. */
static int commit_temp(FILE *f, const char *tmp, const char *path)
{
	char *dir = strdup(path), *slash;
	int fd, ret = -1;

	if (fflush(f) || fsync(fileno(f))) {
		errmsg("writing \"%s\": %s", tmp, strerror(errno));
		fclose(f);
		goto out;
	}
	if (fclose(f)) {
		errmsg("writing \"%s\": %s", tmp, strerror(errno));
		goto out;
	}
	if (rename(tmp, path)) {
		errmsg("cannot rename \"%s\" to \"%s\": %s", tmp, path,
		       strerror(errno));
		goto out;
	}
	ret = 0;
	/* the rename itself, on disk */
	slash = dir ? strrchr(dir, '/') : NULL;
	if (slash)
		slash[slash == dir] = '\0';
	fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
out:
	free(dir);
	return ret;
}

static int save_state(struct ctl *ctl, struct args *a)
{
	const char *path = NULL;
	int ret = EXIT_REFUSED;
	struct state s;
	char *tmp = NULL;
	FILE *out = stdout;

	if (a->argc == 2 && !strcmp(a->argv[0], "-o"))
		path = a->argv[1];
	else if (a->argc)
		return usage_err("save takes no arguments but \"-o FILE\"");
	if (ctl->json)
		return usage_err("save writes a batch file: -j does not apply");
	if (ctl->conf)
		return 0;
	if (state_read(ctl, NULL, &s))
		goto out;
	state_sort_by_name(&s);
	if (path) {
		out = open_temp(path, &tmp);
		if (!out)
			goto out;
	}
	print_header(ctl, out);
	if (save_vpcs(&s, out) || save_peerings(&s, out) ||
	    save_routes(&s, out))
		goto out;
	if (path) {
		ret = commit_temp(out, tmp, path) ? EXIT_REFUSED : 0;
		out = NULL;
		goto out;
	}
	ret = 0;
out:
	if (path && out)
		fclose(out);
	if (tmp && ret)
		unlink(tmp);
	free(tmp);
	state_free(&s);
	return ret;
}

const struct object save_object = {
	.name = "save",
	.help = "save [-o FILE]\n",
	.cmds = (const struct command[]){ { NULL, save_state }, { NULL, NULL } },
};
