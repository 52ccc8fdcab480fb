#ifndef SEGUE_FAISS_SHIM_H
#define SEGUE_FAISS_SHIM_H
/* A small C surface over FAISS's C++ k-means, which partitions the index's vectors into the
   clusters of the approximate neighbour search (Debian's FAISS ships no C API). */
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Spherical k-means by inner product of `count` points of `dimension` floats (row-major) into
   `clusters` unit centroids (row-major, clusters * dimension floats), seeded, so the same
   points give the same centroids. Returns 1, or 0 with a one-line reason in `error`. */
int segue_kmeans(size_t dimension, size_t count, const float *points, size_t clusters, int iterations,
                 int seed, float *centroids, char *error, size_t error_size);

#ifdef __cplusplus
}
#endif
#endif
