#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <microhttpd.h>
// The WebSocket loop serves upgraded sockets with epoll, woken by an eventfd.
#include <sys/epoll.h>
#include <sys/eventfd.h>

// Swift cannot call C variadic functions: these fixed-signature wrappers pass our options to
// MHD_start_daemon, MHD_get_daemon_info and MHD_get_connection_info.

static inline struct MHD_Daemon *todo_mhd_start(unsigned int flags, int listen_socket,
                                                MHD_AccessHandlerCallback handler, void *handler_context,
                                                MHD_RequestCompletedCallback completed, void *completed_context,
                                                void *(*request_begun)(void *, const char *, struct MHD_Connection *),
                                                void *request_begun_context,
                                                MHD_NotifyConnectionCallback connection_notified, void *connection_context,
                                                unsigned int threads, unsigned int connection_limit,
                                                unsigned int per_client_limit,
                                                unsigned int connection_timeout_seconds,
                                                size_t connection_memory_limit) {
    return MHD_start_daemon(flags, 0, NULL, NULL, handler, handler_context,
                            MHD_OPTION_LISTEN_SOCKET, (MHD_socket) listen_socket,
                            MHD_OPTION_NOTIFY_COMPLETED, completed, completed_context,
                            MHD_OPTION_URI_LOG_CALLBACK, request_begun, request_begun_context,
                            MHD_OPTION_NOTIFY_CONNECTION, connection_notified, connection_context,
                            MHD_OPTION_THREAD_POOL_SIZE, threads,
                            MHD_OPTION_CONNECTION_LIMIT, connection_limit,
                            MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_client_limit,
                            MHD_OPTION_CONNECTION_TIMEOUT, connection_timeout_seconds,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, connection_memory_limit,
                            MHD_OPTION_END);
}

/// The connection's socket, or -1.
static inline int todo_mhd_connection_socket(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    return info == NULL ? -1 : (int) info->connect_fd;
}

/// What the connection-notification callback stored for the connection, or NULL.
static inline void *todo_mhd_socket_context(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info == NULL ? NULL : info->socket_context;
}

/// Writes the peer's address as text into `buffer` (empty when unknown).
static inline void todo_mhd_client_address(struct MHD_Connection *connection, char *buffer, socklen_t size) {
    buffer[0] = 0;
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (info == NULL || info->client_addr == NULL) return;
    const struct sockaddr *address = info->client_addr;
    if (address->sa_family == AF_INET) {
        inet_ntop(AF_INET, &((const struct sockaddr_in *) address)->sin_addr, buffer, size);
    } else if (address->sa_family == AF_INET6) {
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *) address)->sin6_addr, buffer, size);
    }
}

/// Hands an upgraded connection's socket back to libmicrohttpd to close (MHD_upgrade_action is variadic).
static inline enum MHD_Result todo_mhd_upgrade_close(struct MHD_UpgradeResponseHandle *handle) {
    return MHD_upgrade_action(handle, MHD_UPGRADE_ACTION_CLOSE);
}
