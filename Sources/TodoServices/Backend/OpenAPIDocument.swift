/// The OpenAPI 3.1 description of the API, served at `/openapi.json`. Kept by hand beside the
/// routes (BackendAPI.swift); `OpenAPIDocumentTests` checks that every route is in it, and the
/// schemathesis run of the test suite checks every answer against it.
enum OpenAPIDocument {
    static let bytes: [UInt8] = Array(json.utf8)

    static let json = ##"""
{
 "openapi": "3.1.0",
 "info": {
  "title": "Todo Chatbot API",
  "version": "1.0.0",
  "description": "Tasks, auth and tokens of todo serve. Errors are {\"error\": {\"code\", \"message\", \"details\"?}}."
 },
 "servers": [
  {
   "url": "/"
  }
 ],
 "security": [
  {
   "bearer": []
  }
 ],
 "paths": {
  "/healthz": {
   "get": {
    "summary": "Liveness",
    "security": [],
    "responses": {
     "200": {
      "description": "Alive.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Health"
        }
       }
      }
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    }
   }
  },
  "/metrics": {
   "get": {
    "summary": "Metrics of the event backbone (Prometheus text format)",
    "description": "Counters (events relayed, consumed, dead-lettered, rejected; relay and publish errors) and gauges read at scrape time (outbox backlog, relay leader, consumer lag, dead letters).",
    "security": [],
    "responses": {
     "200": {
      "description": "Prometheus text exposition format 0.0.4.",
      "content": {
       "text/plain": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    }
   }
  },
  "/readyz": {
   "get": {
    "summary": "Readiness: the database answers",
    "security": [],
    "responses": {
     "200": {
      "description": "Ready.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Health"
        }
       }
      }
     },
     "503": {
      "description": "Not ready: the database does not answer (why is in the server's log only).",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "status"
         ],
         "properties": {
          "status": {
           "const": "unavailable"
          }
         }
        }
       }
      }
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    }
   }
  },
  "/openapi.json": {
   "get": {
    "summary": "This document",
    "security": [],
    "responses": {
     "200": {
      "description": "OpenAPI 3.1",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    }
   }
  },
  "/api/v1/auth/register": {
   "post": {
    "summary": "Create an account",
    "security": [],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/Register"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "The account and a session.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Session"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "409": {
      "description": "The email has an account.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "415": {
      "$ref": "#/components/responses/Error"
     },
     "422": {
      "$ref": "#/components/responses/Validation"
     },
     "429": {
      "description": "Too many sign-in attempts from this address, or failed logins of this email; Retry-After says when to try again.",
      "headers": {
       "Retry-After": {
        "schema": {
         "type": "integer",
         "minimum": 1
        }
       }
      },
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    }
   }
  },
  "/api/v1/auth/login": {
   "post": {
    "summary": "Sign in",
    "security": [],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/Login"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "A session.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Session"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "415": {
      "$ref": "#/components/responses/Error"
     },
     "422": {
      "$ref": "#/components/responses/Validation"
     },
     "429": {
      "description": "Too many sign-in attempts from this address, or failed logins of this email; Retry-After says when to try again.",
      "headers": {
       "Retry-After": {
        "schema": {
         "type": "integer",
         "minimum": 1
        }
       }
      },
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    }
   }
  },
  "/api/v1/auth/logout": {
   "post": {
    "summary": "Sign out: end the session of the token sent",
    "description": "The session token stops working at once on this server, and on every replica within 10 seconds. A personal access token is not a session: revoke it with DELETE /api/v1/tokens/{id}.",
    "responses": {
     "204": {
      "description": "The session has ended."
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    }
   }
  },
  "/api/v1/auth/password": {
   "post": {
    "summary": "Change the password; every other session ends",
    "description": "The session of the token sent stays; every other session of the user ends. Personal access tokens stay valid.",
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/PasswordChange"
       }
      }
     }
    },
    "responses": {
     "204": {
      "description": "The password is changed."
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "403": {
      "description": "The current password is wrong (wrong_password).",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "415": {
      "$ref": "#/components/responses/Error"
     },
     "422": {
      "$ref": "#/components/responses/Validation"
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    }
   }
  },
  "/api/v1/me": {
   "get": {
    "summary": "The signed-in user",
    "responses": {
     "200": {
      "description": "The user.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/User"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    }
   }
  },
  "/api/v1/tokens": {
   "get": {
    "summary": "Personal access tokens (without secrets)",
    "responses": {
     "200": {
      "description": "The tokens.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/TokenList"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    }
   },
   "post": {
    "summary": "Create a personal access token",
    "responses": {
     "201": {
      "description": "The token with its secret, shown once.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/IssuedAccessToken"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "415": {
      "$ref": "#/components/responses/Error"
     },
     "422": {
      "$ref": "#/components/responses/Validation"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/TokenCreate"
       }
      }
     }
    }
   }
  },
  "/api/v1/tokens/{id}": {
   "delete": {
    "summary": "Revoke a token at once",
    "responses": {
     "204": {
      "description": "Revoked."
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/tasks": {
   "get": {
    "summary": "List tasks",
    "responses": {
     "200": {
      "description": "A page of tasks.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/TaskPage"
        }
       }
      }
     },
     "414": {
      "$ref": "#/components/responses/Error"
     },
     "422": {
      "$ref": "#/components/responses/Validation"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    },
    "parameters": [
     {
      "name": "status",
      "in": "query",
      "required": false,
      "description": "Absent: all.",
      "schema": {
       "type": "string",
       "enum": [
        "pending",
        "completed",
        "all"
       ]
      }
     },
     {
      "name": "priority",
      "in": "query",
      "required": false,
      "description": "Any of these; repeat or comma-separate.",
      "schema": {
       "type": "array",
       "items": {
        "type": "string",
        "enum": [
         "none",
         "low",
         "medium",
         "high"
        ]
       }
      },
      "style": "form",
      "explode": true
     },
     {
      "name": "tag",
      "in": "query",
      "required": false,
      "description": "All of these tags.",
      "schema": {
       "type": "array",
       "maxItems": 20,
       "items": {
        "type": "string",
        "minLength": 1,
        "maxLength": 65,
        "description": "One word; a leading # is dropped and it is stored in lower case (#Work → work)."
       }
      },
      "style": "form",
      "explode": true
     },
     {
      "name": "q",
      "in": "query",
      "required": false,
      "description": "Full-text search over title, description and tags: every word must match.",
      "schema": {
       "type": "string",
       "maxLength": 500
      }
     },
     {
      "name": "due_before",
      "in": "query",
      "required": false,
      "description": "Due before this instant.",
      "schema": {
       "type": "string",
       "format": "date-time"
      }
     },
     {
      "name": "due_after",
      "in": "query",
      "required": false,
      "description": "Due at or after this instant.",
      "schema": {
       "type": "string",
       "format": "date-time"
      }
     },
     {
      "name": "overdue",
      "in": "query",
      "required": false,
      "description": "Only pending tasks due before now.",
      "schema": {
       "type": "boolean"
      }
     },
     {
      "name": "sort",
      "in": "query",
      "required": false,
      "description": "Default: relevance with q, else due. relevance needs q.",
      "schema": {
       "type": "string",
       "enum": [
        "due",
        "priority",
        "created",
        "updated",
        "title",
        "relevance"
       ]
      }
     },
     {
      "name": "order",
      "in": "query",
      "required": false,
      "description": "Default: the sort's natural order.",
      "schema": {
       "type": "string",
       "enum": [
        "asc",
        "desc"
       ]
      }
     },
     {
      "name": "limit",
      "in": "query",
      "required": false,
      "description": "Page size.",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 500,
       "default": 50
      }
     },
     {
      "name": "cursor",
      "in": "query",
      "required": false,
      "description": "next_cursor of the previous page, with the same sort and order.",
      "schema": {
       "type": "string"
      }
     }
    ]
   },
   "post": {
    "summary": "Create a task",
    "responses": {
     "201": {
      "description": "Created, with its outbox event.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Task"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The task's version, for If-Match",
        "schema": {
         "type": "string",
         "pattern": "^\"[0-9]+\"$"
        }
       },
       "Location": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "409": {
      "$ref": "#/components/responses/Error"
     },
     "413": {
      "$ref": "#/components/responses/Error"
     },
     "415": {
      "$ref": "#/components/responses/Error"
     },
     "422": {
      "$ref": "#/components/responses/Validation"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/TaskCreate"
       }
      }
     }
    }
   }
  },
  "/api/v1/tasks/{id}": {
   "get": {
    "summary": "A task",
    "responses": {
     "200": {
      "$ref": "#/components/responses/TaskWithVersion"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/TaskID"
     }
    ]
   },
   "patch": {
    "summary": "Change some fields of a task",
    "responses": {
     "200": {
      "description": "The changed task.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Task"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The task's version, for If-Match",
        "schema": {
         "type": "string",
         "pattern": "^\"[0-9]+\"$"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "412": {
      "$ref": "#/components/responses/Conflict"
     },
     "415": {
      "$ref": "#/components/responses/Error"
     },
     "422": {
      "$ref": "#/components/responses/Validation"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/TaskID"
     },
     {
      "$ref": "#/components/parameters/IfMatch"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/TaskPatch"
       }
      }
     }
    }
   },
   "delete": {
    "summary": "Delete a task",
    "responses": {
     "204": {
      "description": "Deleted."
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "412": {
      "$ref": "#/components/responses/Conflict"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/TaskID"
     },
     {
      "$ref": "#/components/parameters/IfMatch"
     }
    ]
   }
  },
  "/api/v1/tasks/{id}/complete": {
   "post": {
    "summary": "Mark a task completed (no change if it is)",
    "responses": {
     "200": {
      "$ref": "#/components/responses/TaskWithVersion"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "412": {
      "$ref": "#/components/responses/Conflict"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/TaskID"
     },
     {
      "$ref": "#/components/parameters/IfMatch"
     }
    ]
   }
  },
  "/api/v1/tasks/{id}/reopen": {
   "post": {
    "summary": "Mark a task pending again (no change if it is)",
    "responses": {
     "200": {
      "$ref": "#/components/responses/TaskWithVersion"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "412": {
      "$ref": "#/components/responses/Conflict"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/TaskID"
     },
     {
      "$ref": "#/components/parameters/IfMatch"
     }
    ]
   }
  },
  "/api/v1/tasks/parse": {
   "post": {
    "summary": "What a quick-add sentence means, creating nothing",
    "responses": {
     "200": {
      "description": "The task fields and the spans understood.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ParseResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "415": {
      "$ref": "#/components/responses/Error"
     },
     "422": {
      "$ref": "#/components/responses/Validation"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/ParseRequest"
       }
      }
     }
    }
   }
  },
  "/api/v1/recurrence/preview": {
   "get": {
    "summary": "The first occurrences of a recurrence rule",
    "responses": {
     "200": {
      "description": "Occurrences in the zone's offset; empty when the rule never matches.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Occurrences"
        }
       }
      }
     },
     "422": {
      "$ref": "#/components/responses/Validation"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    },
    "parameters": [
     {
      "name": "rule",
      "in": "query",
      "required": true,
      "description": "An RRULE value, e.g. FREQ=MONTHLY;BYDAY=-1FR. FREQ=SECONDLY, which no task may have, is refused (422).",
      "schema": {
       "type": "string",
       "minLength": 1,
       "maxLength": 1000
      }
     },
     {
      "name": "start",
      "in": "query",
      "required": true,
      "description": "DTSTART, RFC 3339: the first occurrence when it matches the rule.",
      "schema": {
       "type": "string",
       "format": "date-time"
      }
     },
     {
      "name": "timezone",
      "in": "query",
      "required": false,
      "description": "IANA zone whose wall clock the rule follows (default UTC).",
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "count",
      "in": "query",
      "required": false,
      "description": "How many (default 10).",
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 1000
      }
     }
    ]
   }
  },
  "/api/v1/tags": {
   "get": {
    "summary": "Tags in use, most used first",
    "responses": {
     "200": {
      "description": "Tags with counts.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/TagList"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    }
   }
  },
  "/api/v1/notifications": {
   "get": {
    "summary": "The user's notifications, newest first",
    "description": "One notification per reminder fired (channel in_app). late is true when the reminder fired more than a second after its instant (the notification service was down or behind).",
    "parameters": [
     {
      "name": "limit",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 500,
       "default": 50
      }
     },
     {
      "name": "cursor",
      "in": "query",
      "required": false,
      "description": "next_cursor of the previous page.",
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "A page of notifications.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/NotificationPage"
        }
       }
      }
     },
     "422": {
      "$ref": "#/components/responses/Validation"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    }
   }
  },
  "/api/v1/notifications/{id}/read": {
   "post": {
    "summary": "Mark a notification read",
    "description": "Idempotent: a notification read before stays read.",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "The notification, read.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Notification"
        }
       }
      }
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    }
   }
  },
  "/api/v1/webhooks": {
   "get": {
    "summary": "The user's webhooks (without secrets)",
    "description": "A webhook disabled after repeated failed deliveries has enabled false and says why in disabled_reason.",
    "responses": {
     "200": {
      "description": "The webhooks.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/WebhookList"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    }
   },
   "post": {
    "summary": "Create a webhook",
    "description": "Each fired reminder is POSTed to url as its CloudEvent (Content-Type application/cloudevents+json) with the headers Webhook-Id (the event id), Webhook-Timestamp (unix seconds) and Webhook-Signature: t=<timestamp>,v1=<hex HMAC-SHA256 keyed with the secret over \"<timestamp>.<body>\">. url must be http or https and must not resolve to a loopback, private, link-local or unique-local address. Failed deliveries are retried with exponential backoff; the webhook is disabled after 6 failures in a row.",
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/WebhookCreate"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "The webhook with its signing secret, shown once.",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CreatedWebhook"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "415": {
      "$ref": "#/components/responses/Error"
     },
     "422": {
      "$ref": "#/components/responses/Validation"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    }
   }
  },
  "/api/v1/webhooks/{id}": {
   "delete": {
    "summary": "Delete a webhook and its queued deliveries",
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "204": {
      "description": "Deleted."
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "default": {
      "$ref": "#/components/responses/Error"
     }
    }
   }
  }
 },
 "components": {
  "schemas": {
   "Error": {
    "type": "object",
    "required": [
     "error"
    ],
    "properties": {
     "error": {
      "type": "object",
      "required": [
       "code",
       "message"
      ],
      "properties": {
       "code": {
        "type": "string",
        "description": "Stable, machine-readable: validation_failed, invalid_json, not_found, unauthorized, version_conflict, …"
       },
       "message": {
        "type": "string",
        "description": "What went wrong and what to do."
       },
       "details": {
        "type": "object",
        "description": "Specifics, e.g. {\"field\": \"title\"}."
       }
      }
     }
    }
   },
   "Task": {
    "type": "object",
    "required": [
     "id",
     "number",
     "title",
     "description",
     "status",
     "priority",
     "tags",
     "due_at",
     "all_day",
     "timezone",
     "recurrence",
     "recurrence_from",
     "series_id",
     "reminders",
     "created_at",
     "updated_at",
     "completed_at",
     "version"
    ],
    "properties": {
     "id": {
      "type": "string",
      "format": "uuid"
     },
     "number": {
      "type": "integer",
      "minimum": 1,
      "description": "Per user, shown as #12."
     },
     "title": {
      "type": "string"
     },
     "description": {
      "type": "string"
     },
     "status": {
      "type": "string",
      "enum": [
       "pending",
       "completed"
      ]
     },
     "priority": {
      "type": "string",
      "enum": [
       "none",
       "low",
       "medium",
       "high"
      ]
     },
     "tags": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "due_at": {
      "type": [
       "string",
       "null"
      ],
      "format": "date-time",
      "description": "In the task's time zone's offset."
     },
     "all_day": {
      "type": "boolean"
     },
     "timezone": {
      "type": "string"
     },
     "recurrence": {
      "type": [
       "string",
       "null"
      ]
     },
     "recurrence_from": {
      "type": "string",
      "enum": [
       "due",
       "completion"
      ]
     },
     "series_id": {
      "type": [
       "string",
       "null"
      ],
      "format": "uuid"
     },
     "reminders": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Reminder"
      }
     },
     "created_at": {
      "type": "string",
      "format": "date-time"
     },
     "updated_at": {
      "type": "string",
      "format": "date-time"
     },
     "completed_at": {
      "type": [
       "string",
       "null"
      ],
      "format": "date-time"
     },
     "version": {
      "type": "integer",
      "minimum": 1,
      "description": "Bumped by every change; the ETag."
     }
    }
   },
   "TaskCreate": {
    "type": "object",
    "anyOf": [
     {
      "required": [
       "title"
      ]
     },
     {
      "required": [
       "text"
      ]
     }
    ],
    "description": "The fields of a task, or text: a quick-add sentence (DESIGN §6.1) whose meaning the other fields given override.",
    "properties": {
     "text": {
      "type": "string",
      "minLength": 1,
      "maxLength": 2000,
      "description": "A quick-add sentence, e.g. Pay rent every month on the 1st #home !high."
     },
     "now": {
      "type": [
       "string",
       "null"
      ],
      "format": "date-time",
      "description": "With text: when the user typed (default: the server's clock)."
     },
     "date_order": {
      "type": [
       "string",
       "null"
      ],
      "enum": [
       "mdy",
       "dmy",
       null
      ],
      "description": "With text: how 5/12 is read, mdy (May 12, the default) or dmy (5 December)."
     },
     "id": {
      "type": [
       "string",
       "null"
      ],
      "format": "uuid",
      "description": "Optional: an id chosen by the client; 409 if taken."
     },
     "title": {
      "type": "string",
      "minLength": 1,
      "maxLength": 500,
      "description": "1–500 characters after trimming spaces; no control characters (C0, DEL, C1, U+2028, U+2029)."
     },
     "description": {
      "type": [
       "string",
       "null"
      ],
      "maxLength": 10000
     },
     "status": {
      "type": [
       "string",
       "null"
      ],
      "enum": [
       "pending",
       "completed",
       null
      ]
     },
     "priority": {
      "type": [
       "string",
       "null"
      ],
      "enum": [
       "none",
       "low",
       "medium",
       "high",
       null
      ]
     },
     "tags": {
      "type": [
       "array",
       "null"
      ],
      "maxItems": 50,
      "items": {
       "type": "string",
       "minLength": 1,
       "maxLength": 65,
       "description": "One word; a leading # is dropped and it is stored in lower case (#Work → work)."
      }
     },
     "due_at": {
      "type": [
       "string",
       "null"
      ],
      "description": "An RFC 3339 date-time, or a date YYYY-MM-DD meaning the start of that day in the task's time zone (and all_day)."
     },
     "all_day": {
      "type": [
       "boolean",
       "null"
      ]
     },
     "timezone": {
      "type": [
       "string",
       "null"
      ],
      "description": "An IANA time zone name such as Europe/Berlin or UTC.",
      "minLength": 1,
      "maxLength": 64
     },
     "recurrence": {
      "type": [
       "string",
       "null"
      ],
      "description": "An RFC 5545 RRULE value without the RRULE: prefix, e.g. FREQ=WEEKLY;BYDAY=MO,WE. Needs a due date. FREQ=SECONDLY is refused (422)."
     },
     "recurrence_from": {
      "type": [
       "string",
       "null"
      ],
      "enum": [
       "due",
       "completion",
       null
      ]
     },
     "reminders": {
      "type": [
       "array",
       "null"
      ],
      "maxItems": 20,
      "items": {
       "$ref": "#/components/schemas/Reminder"
      },
      "description": "Need a due date."
     }
    }
   },
   "TaskPatch": {
    "type": "object",
    "description": "Only the fields given change; null clears due_at, recurrence and reminders.",
    "properties": {
     "title": {
      "type": "string",
      "minLength": 1,
      "maxLength": 500,
      "description": "1–500 characters after trimming spaces; no control characters (C0, DEL, C1, U+2028, U+2029)."
     },
     "description": {
      "type": "string",
      "maxLength": 10000
     },
     "status": {
      "type": "string",
      "enum": [
       "pending",
       "completed"
      ]
     },
     "priority": {
      "type": "string",
      "enum": [
       "none",
       "low",
       "medium",
       "high"
      ]
     },
     "tags": {
      "type": "array",
      "maxItems": 50,
      "items": {
       "type": "string",
       "minLength": 1,
       "maxLength": 65,
       "description": "One word; a leading # is dropped and it is stored in lower case (#Work → work)."
      }
     },
     "due_at": {
      "type": [
       "string",
       "null"
      ],
      "description": "An RFC 3339 date-time, or a date YYYY-MM-DD meaning the start of that day in the task's time zone (and all_day)."
     },
     "all_day": {
      "type": "boolean"
     },
     "timezone": {
      "type": "string",
      "description": "An IANA time zone name such as Europe/Berlin or UTC.",
      "minLength": 1,
      "maxLength": 64
     },
     "recurrence": {
      "type": [
       "string",
       "null"
      ],
      "description": "An RFC 5545 RRULE value without the RRULE: prefix, e.g. FREQ=WEEKLY;BYDAY=MO,WE. Needs a due date. FREQ=SECONDLY is refused (422)."
     },
     "recurrence_from": {
      "type": "string",
      "enum": [
       "due",
       "completion"
      ]
     },
     "reminders": {
      "type": [
       "array",
       "null"
      ],
      "maxItems": 20,
      "items": {
       "$ref": "#/components/schemas/Reminder"
      }
     },
     "version": {
      "type": "integer",
      "description": "Only change the task if it is at this version (like If-Match)."
     }
    }
   },
   "TaskPage": {
    "type": "object",
    "required": [
     "tasks",
     "next_cursor"
    ],
    "properties": {
     "tasks": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Task"
      }
     },
     "next_cursor": {
      "type": [
       "string",
       "null"
      ],
      "description": "Pass as cursor for the next page; null on the last."
     }
    }
   },
   "User": {
    "type": "object",
    "required": [
     "id",
     "email",
     "name",
     "created_at"
    ],
    "properties": {
     "id": {
      "type": "string",
      "format": "uuid"
     },
     "email": {
      "type": "string"
     },
     "name": {
      "type": [
       "string",
       "null"
      ]
     },
     "created_at": {
      "type": "string",
      "format": "date-time"
     }
    }
   },
   "Session": {
    "type": "object",
    "required": [
     "user",
     "token",
     "expires_at"
    ],
    "properties": {
     "user": {
      "$ref": "#/components/schemas/User"
     },
     "token": {
      "type": "string",
      "description": "A JWT (HS256) for Authorization: Bearer."
     },
     "expires_at": {
      "type": "string",
      "format": "date-time"
     }
    }
   },
   "Register": {
    "type": "object",
    "required": [
     "email",
     "password"
    ],
    "properties": {
     "email": {
      "type": "string",
      "format": "email"
     },
     "password": {
      "type": "string",
      "minLength": 8,
      "description": "At least 8 characters, at most 1024 bytes."
     },
     "name": {
      "type": [
       "string",
       "null"
      ],
      "maxLength": 200,
      "description": "At most 200 characters; no control characters (C0, DEL, C1, U+2028, U+2029)."
     }
    }
   },
   "Login": {
    "type": "object",
    "required": [
     "email",
     "password"
    ],
    "properties": {
     "email": {
      "type": "string"
     },
     "password": {
      "type": "string"
     }
    }
   },
   "PasswordChange": {
    "type": "object",
    "required": [
     "current_password",
     "new_password"
    ],
    "properties": {
     "current_password": {
      "type": "string"
     },
     "new_password": {
      "type": "string",
      "description": "At least 8 characters."
     }
    }
   },
   "AccessToken": {
    "type": "object",
    "required": [
     "id",
     "name",
     "created_at",
     "last_used_at"
    ],
    "properties": {
     "id": {
      "type": "string",
      "format": "uuid"
     },
     "name": {
      "type": "string"
     },
     "created_at": {
      "type": "string",
      "format": "date-time"
     },
     "last_used_at": {
      "type": [
       "string",
       "null"
      ],
      "format": "date-time"
     }
    }
   },
   "IssuedAccessToken": {
    "allOf": [
     {
      "$ref": "#/components/schemas/AccessToken"
     },
     {
      "type": "object",
      "required": [
       "token"
      ],
      "properties": {
       "token": {
        "type": "string",
        "description": "The secret (todo_pat_…), shown only now."
       }
      }
     }
    ]
   },
   "TokenCreate": {
    "type": "object",
    "required": [
     "name"
    ],
    "properties": {
     "name": {
      "type": "string",
      "minLength": 1,
      "maxLength": 100,
      "description": "1–100 characters after trimming spaces; no control characters (C0, DEL, C1, U+2028, U+2029)."
     }
    }
   },
   "TokenList": {
    "type": "object",
    "required": [
     "tokens"
    ],
    "properties": {
     "tokens": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/AccessToken"
      }
     }
    }
   },
   "TagList": {
    "type": "object",
    "required": [
     "tags"
    ],
    "properties": {
     "tags": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "name",
        "count"
       ],
       "properties": {
        "name": {
         "type": "string"
        },
        "count": {
         "type": "integer",
         "minimum": 1
        }
       }
      }
     }
    }
   },
   "ParseRequest": {
    "type": "object",
    "required": [
     "text"
    ],
    "properties": {
     "text": {
      "type": "string",
      "minLength": 1,
      "maxLength": 2000
     },
     "timezone": {
      "type": [
       "string",
       "null"
      ],
      "description": "An IANA time zone name such as Europe/Berlin or UTC.",
      "minLength": 1,
      "maxLength": 64
     },
     "now": {
      "type": [
       "string",
       "null"
      ],
      "format": "date-time",
      "description": "When and where the user typed: the calendar is timezone's at now."
     },
     "date_order": {
      "type": [
       "string",
       "null"
      ],
      "enum": [
       "mdy",
       "dmy",
       null
      ],
      "description": "How 5/12 is read: mdy (May 12, the default) or dmy (5 December)."
     }
    }
   },
   "ParseResult": {
    "type": "object",
    "required": [
     "title",
     "due_at",
     "all_day",
     "timezone",
     "recurrence",
     "recurrence_from",
     "priority",
     "tags",
     "reminders",
     "spans"
    ],
    "properties": {
     "title": {
      "type": "string"
     },
     "due_at": {
      "type": [
       "string",
       "null"
      ],
      "format": "date-time"
     },
     "all_day": {
      "type": "boolean"
     },
     "timezone": {
      "type": "string"
     },
     "recurrence": {
      "type": [
       "string",
       "null"
      ]
     },
     "recurrence_from": {
      "type": "string",
      "enum": [
       "due",
       "completion"
      ]
     },
     "priority": {
      "type": "string",
      "enum": [
       "none",
       "low",
       "medium",
       "high"
      ]
     },
     "tags": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "reminders": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Reminder"
      }
     },
     "spans": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "kind",
        "start",
        "end",
        "text"
       ],
       "properties": {
        "kind": {
         "type": "string",
         "enum": [
          "due",
          "time",
          "recurrence",
          "priority",
          "tag",
          "reminder"
         ]
        },
        "start": {
         "type": "integer",
         "minimum": 0,
         "description": "UTF-16 offset, as JavaScript counts."
        },
        "end": {
         "type": "integer",
         "minimum": 0
        },
        "text": {
         "type": "string"
        }
       }
      }
     }
    }
   },
   "Occurrences": {
    "type": "object",
    "required": [
     "occurrences"
    ],
    "properties": {
     "occurrences": {
      "type": "array",
      "items": {
       "type": "string",
       "format": "date-time"
      }
     }
    }
   },
   "Health": {
    "type": "object",
    "required": [
     "service",
     "status"
    ],
    "properties": {
     "service": {
      "type": "string"
     },
     "status": {
      "type": "string"
     }
    }
   },
   "Reminder": {
    "oneOf": [
     {
      "type": "object",
      "required": [
       "minutes_before"
      ],
      "properties": {
       "minutes_before": {
        "type": "integer",
        "minimum": 0,
        "maximum": 527040
       }
      }
     },
     {
      "type": "object",
      "required": [
       "at"
      ],
      "properties": {
       "at": {
        "type": "string",
        "format": "date-time"
       }
      }
     }
    ]
   },
   "Notification": {
    "type": "object",
    "required": [
     "id",
     "task_id",
     "kind",
     "channel",
     "due_at",
     "fired_at",
     "late",
     "read"
    ],
    "properties": {
     "id": {
      "type": "string",
      "format": "uuid"
     },
     "task_id": {
      "type": "string",
      "format": "uuid"
     },
     "kind": {
      "type": "string",
      "enum": [
       "reminder"
      ]
     },
     "channel": {
      "type": "string",
      "enum": [
       "in_app"
      ]
     },
     "due_at": {
      "type": "string",
      "format": "date-time"
     },
     "fired_at": {
      "type": "string",
      "format": "date-time"
     },
     "late": {
      "type": "boolean"
     },
     "read": {
      "type": "boolean"
     }
    }
   },
   "NotificationPage": {
    "type": "object",
    "required": [
     "notifications",
     "next_cursor"
    ],
    "properties": {
     "notifications": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Notification"
      }
     },
     "next_cursor": {
      "type": [
       "string",
       "null"
      ]
     }
    }
   },
   "Webhook": {
    "type": "object",
    "required": [
     "id",
     "url",
     "created_at",
     "enabled",
     "disabled_at",
     "disabled_reason",
     "consecutive_failures",
     "last_delivery_at"
    ],
    "properties": {
     "id": {
      "type": "string",
      "format": "uuid"
     },
     "url": {
      "type": "string"
     },
     "created_at": {
      "type": "string",
      "format": "date-time"
     },
     "enabled": {
      "type": "boolean"
     },
     "disabled_at": {
      "type": [
       "string",
       "null"
      ],
      "format": "date-time"
     },
     "disabled_reason": {
      "type": [
       "string",
       "null"
      ]
     },
     "consecutive_failures": {
      "type": "integer",
      "minimum": 0
     },
     "last_delivery_at": {
      "type": [
       "string",
       "null"
      ],
      "format": "date-time"
     }
    }
   },
   "CreatedWebhook": {
    "type": "object",
    "required": [
     "id",
     "url",
     "created_at",
     "enabled",
     "disabled_at",
     "disabled_reason",
     "consecutive_failures",
     "last_delivery_at",
     "secret"
    ],
    "properties": {
     "id": {
      "type": "string",
      "format": "uuid"
     },
     "url": {
      "type": "string"
     },
     "created_at": {
      "type": "string",
      "format": "date-time"
     },
     "enabled": {
      "type": "boolean"
     },
     "disabled_at": {
      "type": [
       "string",
       "null"
      ],
      "format": "date-time"
     },
     "disabled_reason": {
      "type": [
       "string",
       "null"
      ]
     },
     "consecutive_failures": {
      "type": "integer",
      "minimum": 0
     },
     "last_delivery_at": {
      "type": [
       "string",
       "null"
      ],
      "format": "date-time"
     },
     "secret": {
      "type": "string"
     }
    }
   },
   "WebhookList": {
    "type": "object",
    "required": [
     "webhooks"
    ],
    "properties": {
     "webhooks": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Webhook"
      }
     }
    }
   },
   "WebhookCreate": {
    "type": "object",
    "required": [
     "url"
    ],
    "properties": {
     "url": {
      "type": "string",
      "maxLength": 2048
     }
    }
   }
  },
  "parameters": {
   "TaskID": {
    "name": "id",
    "in": "path",
    "required": true,
    "description": "The task's UUID, or its number (12 for #12).",
    "schema": {
     "type": "string",
     "minLength": 1
    }
   },
   "IfMatch": {
    "name": "If-Match",
    "in": "header",
    "required": false,
    "description": "Only change the task if its version is this (as the ETag gives it: \"3\", W/\"3\" or 3; * matches any). A mismatch is 412.",
    "schema": {
     "type": "string"
    }
   }
  },
  "responses": {
   "Error": {
    "description": "An error: 400 unreadable body, 404, 405, 409, 412, 413 body over 1 MiB, 414 URI over 16 KiB, 415 not JSON, 422 invalid value (details.field), 503 database unavailable.",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "Unauthorized": {
    "description": "No token, or one that is expired, revoked or forged.",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    },
    "headers": {
     "WWW-Authenticate": {
      "schema": {
       "type": "string"
      }
     }
    }
   },
   "BadRequest": {
    "description": "The body is not a JSON object (invalid_json).",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "Validation": {
    "description": "A field or parameter has a bad value (validation_failed; details.field names it).",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "NotFound": {
    "description": "No such task for this user (another user's task is also 404).",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "Conflict": {
    "description": "Version mismatch (version_conflict).",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "TaskWithVersion": {
    "description": "The task.",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Task"
      }
     }
    },
    "headers": {
     "ETag": {
      "description": "The task's version, for If-Match",
      "schema": {
       "type": "string",
       "pattern": "^\"[0-9]+\"$"
      }
     }
    }
   }
  },
  "securitySchemes": {
   "bearer": {
    "type": "http",
    "scheme": "bearer",
    "description": "A session JWT from register/login, or a personal access token (todo_pat_…)."
   }
  }
 }
}
"""##
}
