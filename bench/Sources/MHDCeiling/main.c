// The ceiling for bench/http.sh: a bare libmicrohttpd responder returning a fixed JSON body,
// configured as `todo serve` is (thread pool, epoll, keep-alive: the response is queued on the
// second call of the access handler, after the request is complete).
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char body[] = "{\"service\":\"backend\",\"status\":\"healthy\"}";

static enum MHD_Result answer(void *cls, struct MHD_Connection *connection, const char *url, const char *method,
                              const char *version, const char *upload_data, size_t *upload_data_size, void **request) {
    (void) cls; (void) url; (void) method; (void) version; (void) upload_data;
    static int first_call_marker;
    if (*request == NULL) {
        *request = &first_call_marker;
        return MHD_YES;
    }
    if (*upload_data_size != 0) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    struct MHD_Response *response = MHD_create_response_from_buffer(sizeof body - 1, (void *) body, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(response, "Content-Type", "application/json");
    enum MHD_Result result = MHD_queue_response(connection, MHD_HTTP_OK, response);
    MHD_destroy_response(response);
    return result;
}

int main(int argc, char **argv) {
    unsigned int port = argc > 1 ? (unsigned int) atoi(argv[1]) : 8090;
    unsigned int threads = argc > 2 ? (unsigned int) atoi(argv[2]) : 2;
    struct MHD_Daemon *daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, (uint16_t) port, NULL, NULL, answer, NULL,
        MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT, 4096u, MHD_OPTION_END);
    if (daemon == NULL) {
        fprintf(stderr, "mhd-ceiling: cannot listen on port %u\n", port);
        return 1;
    }
    printf("mhd-ceiling: listening on http://127.0.0.1:%u\n", port);
    fflush(stdout);
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigprocmask(SIG_BLOCK, &signals, NULL);
    int received;
    sigwait(&signals, &received);
    MHD_stop_daemon(daemon);
    return 0;
}
