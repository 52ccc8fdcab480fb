// What hnswlib (the other candidate of issue 13) costs for segue-index's work: every track's
// k nearest neighbours by the index's own ranking score, the inner product of
// [sqrt(w_s/2) * sound, sqrt(w_g) * genre], on the vectors a built index stored.
// Prints build and query CPU seconds, peak RSS and recall@10 against exact search on a
// sample of tracks, counted as IndexRecall counts it (a tie with the 10th best is a hit).
// Usage: hnsw_graph SONIC GENRE ROWS SONIC_COLS GENRE_COLS W_SONIC W_GENRE K M EF_CONSTRUCTION EF QUERIES
#include <hnswlib/hnswlib.h>

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <thread>
#include <vector>

static double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static std::vector<float> read_floats(const char *path, size_t count) {
    std::vector<float> values(count);
    FILE *file = std::fopen(path, "rb");
    if (!file || std::fread(values.data(), sizeof(float), count, file) != count) {
        std::fprintf(stderr, "hnsw_graph: cannot read %zu floats from %s\n", count, path);
        std::exit(1);
    }
    std::fclose(file);
    return values;
}

// Runs body(i) for i in [0, count) on every core.
template <typename Body> static void parallel_for(size_t count, Body body) {
    std::atomic<size_t> next{0};
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < std::max(1u, std::thread::hardware_concurrency()); ++t) {
        threads.emplace_back([&] {
            for (size_t i = next++; i < count; i = next++) body(i);
        });
    }
    for (auto &thread : threads) thread.join();
}

int main(int argc, char **argv) {
    if (argc != 13) {
        std::fprintf(stderr, "usage: %s SONIC GENRE ROWS SONIC_COLS GENRE_COLS W_SONIC W_GENRE K M EF_CONSTRUCTION EF QUERIES\n", argv[0]);
        return 2;
    }
    const size_t rows = std::strtoul(argv[3], nullptr, 10), sonic_cols = std::strtoul(argv[4], nullptr, 10);
    const size_t genre_cols = std::strtoul(argv[5], nullptr, 10), width = sonic_cols + genre_cols;
    const float sonic_scale = std::sqrt(std::strtof(argv[6], nullptr) / 2), genre_scale = std::sqrt(std::strtof(argv[7], nullptr));
    const size_t k = std::strtoul(argv[8], nullptr, 10), m = std::strtoul(argv[9], nullptr, 10);
    const size_t ef_construction = std::strtoul(argv[10], nullptr, 10), ef = std::strtoul(argv[11], nullptr, 10);
    const size_t queries = std::strtoul(argv[12], nullptr, 10);

    std::vector<float> points(rows * width);
    {
        const auto sonic = read_floats(argv[1], rows * sonic_cols), genre = read_floats(argv[2], rows * genre_cols);
        for (size_t row = 0; row < rows; ++row) {
            for (size_t c = 0; c < sonic_cols; ++c) points[row * width + c] = sonic[row * sonic_cols + c] * sonic_scale;
            for (size_t c = 0; c < genre_cols; ++c) points[row * width + sonic_cols + c] = genre[row * genre_cols + c] * genre_scale;
        }
    }
    const double start = cpu_seconds();
    hnswlib::InnerProductSpace space(width);
    hnswlib::HierarchicalNSW<float> graph(&space, rows, m, ef_construction, 1234);
    graph.addPoint(points.data(), 0);
    parallel_for(rows - 1, [&](size_t i) { graph.addPoint(points.data() + (i + 1) * width, i + 1); });
    const double built = cpu_seconds();
    graph.setEf(std::max(ef, k + 1));
    // Row numbers, k a track, as segue-index holds its graph.
    std::vector<int32_t> lists(rows * k, -1);
    parallel_for(rows, [&](size_t row) {
        auto found = graph.searchKnn(points.data() + row * width, k + 1);
        std::vector<int32_t> list;
        while (!found.empty()) {
            if (found.top().second != row) list.push_back(static_cast<int32_t>(found.top().second));
            found.pop();
        }
        // The queue pops the farthest first.
        std::reverse(list.begin(), list.end());
        std::copy_n(list.begin(), std::min(k, list.size()), lists.begin() + row * k);
    });
    const double searched = cpu_seconds();

    auto score = [&](size_t a, size_t b) {
        float sum = 0;
        for (size_t c = 0; c < width; ++c) sum += points[a * width + c] * points[b * width + c];
        return sum;
    };
    std::mt19937_64 random(1);
    size_t hits = 0, total = 0;
    for (size_t q = 0; q < queries; ++q) {
        const size_t row = random() % rows;
        std::vector<float> scores;
        scores.reserve(rows);
        for (size_t other = 0; other < rows; ++other) if (other != row) scores.push_back(score(row, other));
        std::nth_element(scores.begin(), scores.begin() + 9, scores.end(), std::greater<float>());
        const float floor = scores[9];
        for (size_t rank = 0; rank < std::min<size_t>(10, k); ++rank) {
            const int32_t other = lists[row * k + rank];
            hits += other >= 0 && score(row, static_cast<size_t>(other)) >= floor - 1e-5f;
        }
        total += 10;
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("hnsw M=%zu ef_construction=%zu ef=%zu: build %.1f s CPU, search %.1f s CPU, peak %ld MB, recall@10 %.4f\n", m,
                ef_construction, ef, built - start, searched - built, usage.ru_maxrss / 1024, double(hits) / double(total));
}
