/* Segue runs every OpenBLAS product on the thread that calls it: its stages spread their work
   over the cores themselves, and one fixed thread count keeps every product's rounding, hence
   the neighbour graph and the embeddings, the same on every run.

   OpenBLAS's pthreads build starts a pool of worker threads as it loads, and each spins
   (sched_yield) for about 0.1 s before it sleeps: a third of the CPU time of a 0.3 s export,
   which uses no BLAS at all, and of every worker process analysis starts. The executable's
   initialisers run after those of its libraries, so this one finds the pool started and stops
   it, as OpenBLAS's own fork handler does, before anything else runs. */

void openblas_set_num_threads(int threads);
int blas_thread_shutdown_(void); /* exported by OpenBLAS for its fork handler; in no header */

__attribute__((constructor)) static void segue_openblas_on_calling_thread(void) {
    openblas_set_num_threads(1);
    blas_thread_shutdown_();
}
