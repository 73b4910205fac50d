/* report_plot.c: latency CDFs drawn by gnuplot (SVG): one panel per op below, one line
 * per format and walker (solid: specialised; dashed: generic). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "report.h"

static const char *const plotted_ops[] = { "fault_cold", "fault_warm", "fault_warm_prezeroed",
	                                   "translate_4k", "translate_4k_hot", "unmap_page_4k" };
#define N_PLOTTED (sizeof(plotted_ops) / sizeof(plotted_ops[0]))

bool have_gnuplot(void)
{
	return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

/* One walker's samples as a data file (at most ~2000 points); its gnuplot plot clause. */
static int plot_line(FILE *gp, const char *dir, const struct result *r, const struct measured *m, bool generic,
                     int colour, bool first)
{
	char data[4200];
	snprintf(data, sizeof(data), "%s/%s-%s-%d.dat", dir, r->format, r->op, generic);
	FILE *d = fopen(data, "w");
	if (!d)
		return -1;
	size_t step = m->n > 2000 ? m->n / 2000 : 1;
	for (size_t k = 0; k < m->n; k += step)
		fprintf(d, "%.2f %.5f\n", m->ns[k] > 1 ? m->ns[k] : 1, (double)(k + 1) / (double)m->n);
	fclose(d);
	fprintf(gp, "%s'%s' using 1:2 with lines lc %d dt %d title '%s%s'", first ? "" : ", ", data, colour,
	        generic ? 2 : 1, r->format, generic ? " (generic)" : "");
	return 0;
}

int write_plot(const char *path, const struct results *rs)
{
	char dir[] = "/tmp/ptf-bench-XXXXXX";
	if (!mkdtemp(dir))
		return -1;
	char script[4096 + 256];
	snprintf(script, sizeof(script), "%s/plot.gp", dir);
	FILE *gp = fopen(script, "w");
	if (!gp)
		return -1;
	/* noenhanced: the '_' in format and op names is no subscript */
	fprintf(gp, "set terminal svg size 1400,1500 dynamic background '#ffffff' noenhanced\nset output '%s'\n", path);
	fprintf(gp, "set multiplot layout %zu,2 title 'ptforge: per-operation latency, CDF (solid: specialised, dashed: "
	            "generic)'\n", (N_PLOTTED + 1) / 2);
	fprintf(gp, "set logscale x\nset xlabel 'ns'\nset ylabel 'fraction of operations'\nset key bottom right font ',8'\nset grid\n");
	int rc = 0;
	for (size_t o = 0; o < N_PLOTTED && !rc; o++) {
		fprintf(gp, "set title '%s'\nplot ", plotted_ops[o]);
		int colour = 0; /* a format's, within the panel */
		for (size_t i = 0; i < rs->n && !rc; i++) {
			const struct result *r = rs->r[i];
			if (strcmp(r->op, plotted_ops[o]))
				continue;
			colour++;
			rc = plot_line(gp, dir, r, &r->spec, false, colour, colour == 1);
			if (!rc && r->generic.n)
				rc = plot_line(gp, dir, r, &r->generic, true, colour, false);
		}
		fprintf(gp, "\n");
	}
	fprintf(gp, "unset multiplot\n");
	fclose(gp);
	if (rc)
		return -1;
	char cmd[4400];
	snprintf(cmd, sizeof(cmd), "gnuplot '%s' && rm -rf '%s'", script, dir);
	return system(cmd) == 0 ? 0 : -1;
}
