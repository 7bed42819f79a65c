#include <librdkafka/rdkafka.h>

// Macros Swift does not import (they are casts), as functions.
static inline int32_t todo_rdkafka_partition_unassigned(void) { return RD_KAFKA_PARTITION_UA; }
static inline int todo_rdkafka_msg_flag_copy(void) { return RD_KAFKA_MSG_F_COPY; }
