/* report_plot.c: latency CDFs drawn by gnuplot in the format the file's extension names:
 * one panel per operation, a line per format and walker (a format's colour, and past the
 * palette's ten a point type too; solid: specialised, dashed: generic), and one key for
 * every panel below them. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report.h"

extern char **environ;

static const char *const plotted_ops[] = { "fault_cold", "fault_warm", "fault_warm_prezeroed",
	                                   "translate_4k", "translate_4k_hot", "unmap_page_4k" };
#define N_PLOTTED (sizeof(plotted_ops) / sizeof(plotted_ops[0]))
#define PANEL_COLUMNS 2

/* Ten colours told apart at a glance (Tableau 10); past them, a format also gets a point type. */
static const char *const palette[] = { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
	                               "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf" };
#define N_COLOURS (sizeof(palette) / sizeof(palette[0]))
static const int point_types[] = { 7, 5, 9, 13, 6, 4, 8, 12 }; /* filled circle, square, triangle, diamond, open ones */
#define N_POINT_TYPES (sizeof(point_types) / sizeof(point_types[0]))
#define MAX_POINTS 2000   /* per line: a CDF needs no more */
#define MARKS_PER_LINE 6  /* points drawn on a line that has them */

/* What an extension asks of gnuplot: its terminal, and a canvas in that terminal's units. */
struct plot_terminal {
	const char *extension, *name;
	const char *options; /* after the size */
	double width;        /* pixels, or inches for pdf */
	double unit;         /* canvas units per pixel of the layout below */
	const char *unit_name;
	double point_size;   /* what looks the same size on each */
};

static const struct plot_terminal terminals[] = {
	{ ".svg", "svg", "dynamic background '#ffffff' font 'sans,11'", 1400, 1, "", 0.9 },
	{ ".png", "pngcairo", "background '#ffffff' font 'sans,10'", 1400, 1, "", 0.9 },
	/* (pdfcairo draws text at half the size asked: its fontscale) */
	{ ".pdf", "pdfcairo", "font 'sans,12'", 11, 11.0 / 1400, "in", 0.6 },
};
#define N_TERMINALS (sizeof(terminals) / sizeof(terminals[0]))

/* The layout, in pixels of a 1400-wide canvas. */
#define TITLE_PX 50.0
#define PANEL_PX 420.0
#define KEY_ROW_PX 22.0
#define KEY_COLUMNS 4

static const struct plot_terminal *terminal_for(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot || strchr(dot, '/'))
		return NULL;
	for (size_t k = 0; k < N_TERMINALS; k++)
		if (!strcasecmp(dot, terminals[k].extension))
			return &terminals[k];
	return NULL;
}

/* Searched here rather than by a shell: PATH alone says whether there is one. */
static bool have_gnuplot(void)
{
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/bin:/bin";
	while (*path) {
		size_t len = strcspn(path, ":");
		char candidate[4200];
		snprintf(candidate, sizeof(candidate), "%.*s/gnuplot", (int)(len ? len : 1), len ? path : ".");
		struct stat st;
		if (stat(candidate, &st) == 0 && S_ISREG(st.st_mode) && access(candidate, X_OK) == 0)
			return true;
		path += len + (path[len] == ':');
	}
	return false;
}

/* gnuplot with args; its stdout goes to our stderr (nothing of it is the report), or with
 * quiet, its stdout and stderr nowhere. The exit status, or -1 when it did not run. */
static int run_gnuplot(char *const args[], bool quiet)
{
	posix_spawn_file_actions_t fa;
	if (posix_spawn_file_actions_init(&fa))
		return -1;
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (quiet) {
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
		posix_spawn_file_actions_adddup2(&fa, 1, 2);
	} else {
		posix_spawn_file_actions_adddup2(&fa, 2, 1);
	}
	pid_t pid;
	int rc = posix_spawnp(&pid, "gnuplot", &fa, NULL, args, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc)
		return -1;
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

const char *plot_problem(const char *path, char *why, size_t size)
{
	const struct plot_terminal *term = terminal_for(path);
	if (!term) {
		snprintf(why, size, "the plot's file name must end in .svg, .png or .pdf (the format drawn)");
		return why;
	}
	if (!have_gnuplot()) {
		snprintf(why, size, "needs gnuplot, which is not installed (apt-get install gnuplot-nox, or make bench,"
		                    " installs it)");
		return why;
	}
	char gnuplot[] = "gnuplot", dash_e[] = "-e", command[64]; /* (posix_spawn's argv is not const) */
	snprintf(command, sizeof(command), "set terminal %s", term->name);
	char *args[] = { gnuplot, dash_e, command, NULL };
	if (run_gnuplot(args, true)) {
		snprintf(why, size, "the installed gnuplot cannot draw %s (it has no %s terminal)", term->extension,
		         term->name);
		return why;
	}
	return NULL;
}

/* s as a gnuplot string: in single quotes, where '' is one quote */
static void put_quoted(FILE *gp, const char *s)
{
	fputc('\'', gp);
	for (; *s; s++) {
		if (*s == '\'')
			fputc('\'', gp);
		fputc(*s, gp);
	}
	fputc('\'', gp);
}

/* The formats of the run (not "floor"), in the order they ran: a format's place in it
 * chooses its style, the same in every panel and in the key. */
struct plotted_formats {
	const char **names;
	size_t n;
};

static int list_formats(const struct results *rs, struct plotted_formats *pf)
{
	pf->n = 0;
	pf->names = malloc((rs->n ? rs->n : 1) * sizeof(*pf->names));
	if (!pf->names)
		return -1;
	for (size_t i = 0; i < rs->n; i++) {
		const char *f = rs->r[i]->format;
		bool seen = !strcmp(f, "floor");
		for (size_t k = 0; k < pf->n && !seen; k++)
			seen = !strcmp(pf->names[k], f);
		if (!seen)
			pf->names[pf->n++] = f;
	}
	return 0;
}

/* The results drawn in an op's panel: that op's, with samples. */
static bool in_panel(const struct result *r, const char *op)
{
	return !strcmp(r->op, op) && r->spec.n;
}

static size_t place_of(const struct plotted_formats *pf, const char *format)
{
	size_t k = 0;
	while (k + 1 < pf->n && strcmp(pf->names[k], format))
		k++;
	return k;
}

/* A format's line: its colour, dashed for the generic walker. */
static void put_line_style(FILE *gp, size_t place, bool generic)
{
	fprintf(gp, " lw 1.5 lc rgb '%s' dt %d", palette[place % N_COLOURS], generic ? 2 : 1);
}

/* Past the palette's ten, a format's points tell it from the one with its colour. */
static bool has_points(size_t place)
{
	return place >= N_COLOURS;
}

static int point_type(size_t place)
{
	return point_types[(place / N_COLOURS - 1) % N_POINT_TYPES];
}

/* A line takes every step-th sample (sorted), at most ~MAX_POINTS, and the last. */
static size_t step_of(const struct measured *m)
{
	return m->n > MAX_POINTS ? m->n / MAX_POINTS : 1;
}

static size_t points_of(const struct measured *m)
{
	size_t step = step_of(m);
	return (m->n - 1) / step + 1 + ((m->n - 1) % step != 0);
}

static void put_point(FILE *gp, const struct measured *m, size_t k, double floor_ns)
{
	fprintf(gp, "%.2f %.5f\n", m->ns[k] < floor_ns ? floor_ns : m->ns[k], (double)(k + 1) / (double)m->n);
}

/* One walker's line as a datablock; samples below floor_ns are drawn at it. */
static void put_datablock(FILE *gp, const char *name, const struct measured *m, double floor_ns)
{
	fprintf(gp, "%s << EOD\n", name);
	size_t step = step_of(m);
	for (size_t k = 0; k < m->n; k += step)
		put_point(gp, m, k, floor_ns);
	if ((m->n - 1) % step)
		put_point(gp, m, m->n - 1, floor_ns);
	fprintf(gp, "EOD\n");
}

/* The clauses drawing one datablock: its line, and its points when the format has them,
 * a few along the line, at heights that differ from format to format. */
static void put_series(FILE *gp, const char *block, const struct measured *m, size_t place, bool generic)
{
	fprintf(gp, "%s using 1:2 with lines", block);
	put_line_style(gp, place, generic);
	fprintf(gp, " notitle");
	if (!has_points(place))
		return;
	size_t points = points_of(m);
	size_t every = points > MARKS_PER_LINE ? points / MARKS_PER_LINE : 1;
	fprintf(gp, ", %s using 1:2 every %zu::%zu with points pt %d lc rgb '%s' notitle", block, every,
	        (place % N_COLOURS) * every / N_COLOURS, point_type(place), palette[place % N_COLOURS]);
}

/* A panel's x axis: from its fastest sample to the highest p99 of its lines (beyond, a few
 * samples in a thousand would squeeze the rest to one side), on a log scale only when that
 * spans a decade or more. */
struct x_axis {
	double from, to;
	bool log;
};

static struct x_axis x_axis_of(const struct results *rs, const char *op)
{
	double lo = INFINITY, hi = -INFINITY;
	for (size_t i = 0; i < rs->n; i++) {
		const struct result *r = rs->r[i];
		if (!in_panel(r, op))
			continue;
		const struct measured *sides[] = { &r->spec, &r->generic };
		for (size_t s = 0; s < 2; s++)
			if (sides[s]->n) {
				lo = sides[s]->ns[0] < lo ? sides[s]->ns[0] : lo;
				hi = sides[s]->s.p99 > hi ? sides[s]->s.p99 : hi;
			}
	}
	if (lo > hi) /* (no samples) */
		return (struct x_axis){ 0, 1, false };
	double log_lo = lo < 1 ? 1 : lo; /* (1 ns: below the clock's step; a log axis starts above 0) */
	if (hi >= 10 * log_lo)
		return (struct x_axis){ log_lo / 1.1, hi * 1.1, true };
	double pad = hi - lo > 0 ? (hi - lo) / 20 : (lo > 0 ? lo / 20 : 1);
	return (struct x_axis){ lo - pad, hi + pad, false };
}

/* A log axis labelled at 1, 2 and 5 of each decade (or at each decade, over more than
 * three): gnuplot's own, at decades only, leaves a panel spanning one with a label or two. */
static void put_log_tics(FILE *gp, struct x_axis axis)
{
	static const double steps[] = { 1, 2, 5 };
	bool decades_only = axis.to > 1000 * axis.from;
	fprintf(gp, "set logscale x\nset xtics (");
	bool first = true;
	for (double decade = pow(10, floor(log10(axis.from))); decade <= axis.to; decade *= 10)
		for (size_t k = 0; k < (decades_only ? 1 : 3); k++) {
			double tic = decade * steps[k];
			if (tic < axis.from || tic > axis.to)
				continue;
			fprintf(gp, "%s'%.0f' %g", first ? "" : ", ", tic, tic);
			first = false;
		}
	fprintf(gp, ")\n");
}

/* One op's panel, at (x, y) of the canvas, w by h. */
static void put_panel(FILE *gp, const struct results *rs, const struct plotted_formats *pf, const char *op, double x,
                      double y, double w, double h)
{
	struct x_axis axis = x_axis_of(rs, op);
	double floor_ns = axis.log ? axis.from : -INFINITY;
	size_t lines = 0;
	for (size_t i = 0; i < rs->n; i++) {
		const struct result *r = rs->r[i];
		if (!in_panel(r, op))
			continue;
		char name[32];
		snprintf(name, sizeof(name), "$s%zu", i);
		put_datablock(gp, name, &r->spec, floor_ns);
		if (r->generic.n) {
			snprintf(name, sizeof(name), "$g%zu", i);
			put_datablock(gp, name, &r->generic, floor_ns);
		}
		lines++;
	}
	fprintf(gp, "set origin %.4f,%.4f\nset size %.4f,%.4f\nset title ", x, y, w, h);
	put_quoted(gp, op);
	fprintf(gp, " noenhanced\nset xrange [%g:%g]\nset xlabel 'latency (ns%s)'\n", axis.from, axis.to,
	        axis.log ? ", log scale" : "");
	if (axis.log)
		put_log_tics(gp, axis);
	else
		fprintf(gp, "unset logscale x\nset xtics autofreq\n");
	if (!lines) {
		fprintf(gp, "plot 1/0 notitle\n");
		return;
	}
	fprintf(gp, "plot ");
	bool first = true;
	for (size_t i = 0; i < rs->n; i++) {
		const struct result *r = rs->r[i];
		if (!in_panel(r, op))
			continue;
		size_t place = place_of(pf, r->format);
		char name[32];
		snprintf(name, sizeof(name), "$s%zu", i);
		fprintf(gp, "%s", first ? "" : ", ");
		put_series(gp, name, &r->spec, place, false);
		if (r->generic.n) {
			snprintf(name, sizeof(name), "$g%zu", i);
			fprintf(gp, ", ");
			put_series(gp, name, &r->generic, place, true);
		}
		first = false;
	}
	fprintf(gp, "\n");
}

/* The key every panel shares: a line per format in its style, then what solid and dashed mean. */
static void put_key(FILE *gp, const struct plotted_formats *pf, size_t key_rows, double h)
{
	fprintf(gp, "set origin 0,0\nset size 1,%.4f\nunset title\nunset xlabel\nunset ylabel\nunset logscale x\n"
	            "unset border\nunset tics\nunset grid\nset xrange [0:1]\nset yrange [0:1]\n"
	            "set lmargin 0\nset rmargin 0\nset tmargin 0\nset bmargin 0\n"
	            "set key center center vertical Left reverse noenhanced maxrows %zu samplen 4 spacing 1.1 width 0\n"
	            "plot ",
	        h, key_rows);
	for (size_t f = 0; f < pf->n; f++) {
		if (has_points(f))
			fprintf(gp, "1/0 with linespoints pt %d", point_type(f));
		else
			fprintf(gp, "1/0 with lines");
		put_line_style(gp, f, false);
		fprintf(gp, " title ");
		put_quoted(gp, pf->names[f]);
		fprintf(gp, ", ");
	}
	fprintf(gp, "1/0 with lines lw 1.5 lc rgb 'black' dt 1 title 'specialised walker (solid)', "
	            "1/0 with lines lw 1.5 lc rgb 'black' dt 2 title 'generic walker (dashed)'\n");
}

static int write_script(FILE *gp, const char *path, const struct plot_terminal *term, const struct results *rs)
{
	struct plotted_formats pf;
	if (list_formats(rs, &pf))
		return -1;
	size_t key_rows = (pf.n + 2 + KEY_COLUMNS - 1) / KEY_COLUMNS;
	size_t panel_rows = (N_PLOTTED + PANEL_COLUMNS - 1) / PANEL_COLUMNS;
	double key_px = (double)(key_rows + 2) * KEY_ROW_PX;
	double height_px = TITLE_PX + (double)panel_rows * PANEL_PX + key_px;
	/* noenhanced: the '_' in format and op names is no subscript */
	fprintf(gp, "set terminal %s size %g%s,%g%s %s noenhanced\nset output ", term->name, term->width,
	        term->unit_name, height_px * term->unit, term->unit_name, term->options);
	put_quoted(gp, path);
	fprintf(gp, "\nset pointsize %g\n", term->point_size);
	fprintf(gp, "set multiplot title 'ptforge bench: latency per operation, CDF, a line per format (solid: specialised"
	            " walker, dashed: generic walker); x axes end at the highest p99 in the panel' noenhanced\n");
	fprintf(gp, "unset key\nset grid lt 1 lw 0.5 lc rgb '#d8d8d8' dt 3\nset yrange [0:1]\n"
	            "set ylabel 'fraction of operations (CDF)'\n");
	double panel_h = PANEL_PX / height_px, key_h = key_px / height_px;
	for (size_t o = 0; o < N_PLOTTED; o++) {
		size_t row = o / PANEL_COLUMNS, column = o % PANEL_COLUMNS;
		put_panel(gp, rs, &pf, plotted_ops[o], (double)column / PANEL_COLUMNS,
		          key_h + (double)(panel_rows - 1 - row) * panel_h, 1.0 / PANEL_COLUMNS, panel_h);
	}
	put_key(gp, &pf, key_rows, key_h);
	fprintf(gp, "unset multiplot\n");
	free(pf.names);
	return ferror(gp) ? -1 : 0;
}

int write_plot(const char *path, const struct results *rs)
{
	const struct plot_terminal *term = terminal_for(path);
	if (!term)
		return -1;
	const char *tmpdir = getenv("TMPDIR");
	char script[4096];
	snprintf(script, sizeof(script), "%s/ptf-bench-plot-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	int fd = mkstemp(script);
	if (fd < 0)
		return -1;
	FILE *gp = fdopen(fd, "w");
	int rc = -1;
	if (gp) {
		rc = write_script(gp, path, term, rs);
		if (fclose(gp))
			rc = -1;
	} else {
		close(fd);
	}
	if (!rc) {
		char gnuplot[] = "gnuplot";
		char *args[] = { gnuplot, script, NULL };
		rc = run_gnuplot(args, false) ? -2 : 0;
	}
	int saved = errno;
	unlink(script); /* drawn or not */
	errno = saved;
	return rc;
}
