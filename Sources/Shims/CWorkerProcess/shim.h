#ifndef SEGUE_CWORKERPROCESS_SHIM_H
#define SEGUE_CWORKERPROCESS_SHIM_H
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

/* prctl is variadic, which Swift cannot call: asks the kernel to send `signal` to this
   process when the thread that spawned it exits (Linux only). */
static inline int segue_die_with_parent(int signal) {
    return prctl(PR_SET_PDEATHSIG, (unsigned long)signal, 0UL, 0UL, 0UL);
}

/* The name top and ps -o comm show (at most 15 bytes). */
static inline int segue_set_process_name(const char *name) {
    return prctl(PR_SET_NAME, (unsigned long)name, 0UL, 0UL, 0UL);
}

/* Swift cannot import function-like macros: the parts of a waitpid status. */
static inline int segue_wait_exited(int status) { return WIFEXITED(status); }
static inline int segue_wait_exit_status(int status) { return WEXITSTATUS(status); }
static inline int segue_wait_signalled(int status) { return WIFSIGNALED(status); }
static inline int segue_wait_signal(int status) { return WTERMSIG(status); }
#endif
