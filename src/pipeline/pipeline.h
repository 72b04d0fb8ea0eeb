/*
 * pipeline.h — internal controls of the pipeline, for the benchmarks and
 * tests (the public API is in parallax.h).
 */
#ifndef PX_PIPELINE_H
#define PX_PIPELINE_H

#include "parallax.h"

/* Overrides clustering parameters: "threshold=0.3,entity_weight=0.4". */
int px_pipeline_set_params(px_pipeline *p, const char *spec, px_error *err);
/* Bytes held by the story index alone. */
size_t px_pipeline_cluster_bytes(const px_pipeline *p);

#endif
