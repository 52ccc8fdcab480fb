#include "faiss_shim.h"

#include <cstdio>
#include <cstring>
#include <exception>

#include <faiss/Clustering.h>
#include <faiss/IndexFlat.h>

extern "C" int segue_kmeans(size_t dimension, size_t count, const float *points, size_t clusters, int iterations,
                            int seed, float *centroids, char *error, size_t error_size) {
    try {
        faiss::ClusteringParameters parameters;
        parameters.niter = iterations;
        parameters.seed = seed;
        parameters.spherical = true;
        // The caller passes the sample it wants clustered: no subsampling, no warning about its size.
        parameters.min_points_per_centroid = 1;
        parameters.max_points_per_centroid = static_cast<int>(count / (clusters > 0 ? clusters : 1) + 1);
        faiss::Clustering clustering(static_cast<int>(dimension), static_cast<int>(clusters), parameters);
        faiss::IndexFlatIP assignment(static_cast<faiss::Index::idx_t>(dimension));
        clustering.train(static_cast<faiss::Index::idx_t>(count), points, assignment);
        std::memcpy(centroids, clustering.centroids.data(), clusters * dimension * sizeof(float));
        return 1;
    } catch (const std::exception &exception) {
        if (error && error_size > 0) std::snprintf(error, error_size, "%s", exception.what());
        return 0;
    }
}
