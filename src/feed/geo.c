/*
 * geo.c — where an entry is about: GeoRSS Simple (georss:point, line,
 * polygon, box) and GeoRSS GML (gml:pos, gml:posList) read into a
 * GeoJSON-like object, as feedparser names it:
 *
 *   { "type": "Point", "coordinates": [lon, lat] }
 *   { "type": "LineString", "coordinates": [[lon, lat], ...] }
 *   { "type": "Polygon", "coordinates": [[[lon, lat], ...]] }   one ring
 *   { "type": "Box", "coordinates": [[lon, lat], [lon, lat]] }
 *
 * GeoRSS writes latitude first; GeoJSON wants x (longitude) first, so the
 * first two numbers of each position are swapped, unless a GML srsName
 * names a projected reference system, whose axes are already x, y (see
 * feed_geo_swap).
 */
#include "feed.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int feed_geo_swap(const char *srs_name)
{
	if (!srs_name)
		return 1;
	const char *epsg = strstr(srs_name, "EPSG");
	if (!epsg)
		return 1;
	/* "EPSG:4326", "urn:ogc:def:crs:EPSG:6.6:4979": the code is last.
	 * EPSG gives geographic systems (latitude, longitude axes) the codes
	 * 4000-4999; the others are projected (easting, northing). */
	const char *code = strrchr(epsg, ':');
	if (!code)
		return 1;
	char *end;
	long n = strtol(code + 1, &end, 10);
	if (end == code + 1 || *end)
		return 1;
	return n >= 4000 && n <= 4999;
}

/* The positions of TEXT as an array of DIMS-number arrays ([] when a
 * number is malformed or a position is short; NULL then). */
static json_t *positions(const char *text, int swap, int dims)
{
	json_t *out = json_array();
	double v[3];
	int k = 0;
	const char *p = text;
	for (;;) {
		while (*p == ' ' || *p == ',' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		char *end;
		errno = 0;
		double d = strtod(p, &end);
		if (end == p || errno == ERANGE || (*end && !strchr(" ,\t\n\r", *end))) {
			json_decref(out);
			return NULL;
		}
		p = end;
		v[k++] = d;
		if (k < dims)
			continue;
		json_t *pos = json_array();
		json_array_append_new(pos, json_real(v[swap ? 1 : 0]));
		json_array_append_new(pos, json_real(v[swap ? 0 : 1]));
		if (dims == 3)
			json_array_append_new(pos, json_real(v[2]));
		json_array_append_new(out, pos);
		k = 0;
	}
	return out; /* a short last position is dropped */
}

json_t *feed_geometry(const char *type, const char *text, int swap, int dims)
{
	if (dims != 3)
		dims = 2;
	json_t *pos = positions(text, swap, dims);
	size_t n = json_array_size(pos);
	json_t *coords = NULL;
	if (!pos)
		return NULL;
	if (!strcmp(type, "Point") && n >= 1) {
		coords = json_incref(json_array_get(pos, 0));
	} else if (!strcmp(type, "LineString") && n >= 2) {
		coords = json_incref(pos);
	} else if (!strcmp(type, "Box") && n == 2) {
		coords = json_incref(pos);
	} else if (!strcmp(type, "Polygon") && n >= 4) { /* a closed ring */
		coords = json_array();
		json_array_append(coords, pos);
	}
	json_decref(pos);
	if (!coords)
		return NULL;
	json_t *g = json_object();
	json_object_set_new(g, "type", json_string(type));
	json_object_set_new(g, "coordinates", coords);
	return g;
}
