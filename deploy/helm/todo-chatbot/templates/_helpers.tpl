{{/* The chart's name. */}}
{{- define "todo-chatbot.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The prefix of every resource's name. */}}
{{- define "todo-chatbot.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
The five services: the key under .Values.services, the word `todo serve --service` takes, and
the service's own name (its /healthz, its consumer group, its Dapr app id; DESIGN §6.3).
*/}}
{{- define "todo-chatbot.serviceList" -}}
- {key: backend, flag: backend, name: backend}
- {key: notification, flag: notification, name: notification-service}
- {key: recurring, flag: recurring, name: recurring-task-service}
- {key: audit, flag: audit, name: audit-log-service}
- {key: websocket, flag: websocket, name: websocket-service}
{{- end -}}

{{/* The name of one service's Deployment and Service: FULLNAME-SERVICENAME. */}}
{{- define "todo-chatbot.serviceFullname" -}}
{{- printf "%s-%s" (include "todo-chatbot.fullname" .root) .service.name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels every resource carries. */}}
{{- define "todo-chatbot.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "todo-chatbot.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: todo-chatbot
{{- end -}}

{{/* The labels that select the pods of one component (a service, postgresql, migration). */}}
{{- define "todo-chatbot.selectorLabels" -}}
app.kubernetes.io/name: {{ include "todo-chatbot.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* The image reference: by digest when one is given, else by tag (default: appVersion). */}}
{{- define "todo-chatbot.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* The Secret holding database-url, jwt-secret and the optional secrets. */}}
{{- define "todo-chatbot.secretName" -}}
{{- default (printf "%s-secrets" (include "todo-chatbot.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{/* The ServiceAccount of the pods. */}}
{{- define "todo-chatbot.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "todo-chatbot.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
Whether the pods mount a ServiceAccount token: only with Dapr, whose sidecar reads the
Kubernetes secret store (kubernetes-secrets) with it. The `todo` binary never calls the API.
*/}}
{{- define "todo-chatbot.automountToken" -}}
{{- if eq .Values.bus "dapr" }}true{{ else }}false{{ end -}}
{{- end -}}

{{/* The pod-level security context: a fixed non-root UID (the image's), seccomp RuntimeDefault. */}}
{{- define "todo-chatbot.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The container-level security context: nothing to escalate to, nothing to write but /tmp. */}}
{{- define "todo-chatbot.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/*
The environment every `todo` container gets: settings from the ConfigMap, secrets from the
Secret. Only names the binary reads (README, "Configuration"); DeploymentTests checks them
against the sources.
*/}}
{{- define "todo-chatbot.env" -}}
- name: TODO_DATABASE_URL
  valueFrom:
    secretKeyRef: {name: {{ include "todo-chatbot.secretName" . }}, key: database-url}
- name: TODO_JWT_SECRET
  valueFrom:
    secretKeyRef: {name: {{ include "todo-chatbot.secretName" . }}, key: jwt-secret}
{{- if eq .Values.bus "kafka" }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ include "todo-chatbot.secretName" . }}, key: kafka-sasl-password, optional: true}
{{- end }}
- name: TODO_LLM_API_KEY
  valueFrom:
    secretKeyRef: {name: {{ include "todo-chatbot.secretName" . }}, key: llm-api-key, optional: true}
- name: TODO_SMTP_URL
  valueFrom:
    secretKeyRef: {name: {{ include "todo-chatbot.secretName" . }}, key: smtp-url, optional: true}
- name: TODO_METRICS_TOKEN
  valueFrom:
    secretKeyRef: {name: {{ include "todo-chatbot.secretName" . }}, key: metrics-token, optional: true}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The serve command of one service. */}}
{{- define "todo-chatbot.serveArgs" -}}
{{- $values := index .root.Values.services .service.key -}}
- serve
- --service
- {{ .service.flag }}
- --host
- {{ .root.Values.config.host | quote }}
- --port
- {{ $values.port | quote }}
- --shutdown-grace
- {{ .root.Values.config.shutdownGrace | quote }}
{{- if $values.threads }}
- --threads
- {{ $values.threads | quote }}
{{- end }}
{{- if $values.workers }}
- --workers
- {{ $values.workers | quote }}
{{- end }}
{{- if .root.Values.config.quiet }}
- --quiet
{{- end }}
{{- end -}}

{{/*
The bundled PostgreSQL's password: the value, else the one an earlier release generated (kept
in its Secret), else a new random one. Worked out once per render and remembered, since both
the chart's Secret (the database URL) and PostgreSQL's own Secret need it.
*/}}
{{- define "todo-chatbot.postgresqlPassword" -}}
{{- if not (hasKey .Values.postgresql "generatedPassword") -}}
{{- $password := .Values.postgresql.password -}}
{{- if not $password -}}
{{- $existing := lookup "v1" "Secret" .Release.Namespace (printf "%s-postgresql" (include "todo-chatbot.fullname" .)) -}}
{{- if and $existing $existing.data (hasKey $existing.data "password") -}}
{{- $password = index $existing.data "password" | b64dec -}}
{{- else -}}
{{- $password = randAlphaNum 32 -}}
{{- end -}}
{{- end -}}
{{- $_ := set .Values.postgresql "generatedPassword" $password -}}
{{- end -}}
{{- .Values.postgresql.generatedPassword -}}
{{- end -}}
