{{/* The release's base name, at most 40 characters so component suffixes fit in 63. */}}
{{- define "caduceus.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels every resource carries. */}}
{{- define "caduceus.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
caduceus/node: {{ .Values.node.id }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Selector labels of one component: include with (dict "root" $ "component" "gateway"). */}}
{{- define "caduceus.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* The image of one component, e.g. ghcr.io/caduceus-csirt/caduceus-gateway:0.1.0. */}}
{{- define "caduceus.image" -}}
{{- printf "%s/caduceus-%s:%s" .root.Values.image.repository .component (default .root.Chart.AppVersion .root.Values.image.tag) -}}
{{- end -}}

{{/* The in-cluster URL of one component. */}}
{{- define "caduceus.url" -}}
{{- printf "http://%s-%s:8080" (include "caduceus.fullname" .root) .component -}}
{{- end -}}

{{/* The Secret with the MongoDB URIs. */}}
{{- define "caduceus.mongodbSecret" -}}
{{- if .Values.mongodb.existingSecret -}}
{{- .Values.mongodb.existingSecret -}}
{{- else -}}
{{- printf "%s-mongodb" (include "caduceus.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "caduceus.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "caduceus.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
The components the node deploys, as a JSON list (fromJsonArray): the gateway, the four
services, and the console unless console.enabled is false. With oidc.enabled the console
signs users in at the OIDC issuer; otherwise with local accounts and the node-local user key.
*/}}
{{- define "caduceus.components" -}}
{{- $components := list "gateway" "intake" "escalation" "contacts" "partner-api" -}}
{{- if .Values.console.enabled -}}
{{- $components = append $components "console" -}}
{{- end -}}
{{- toJson $components -}}
{{- end -}}

{{/* Where a component's values are: its name, in camelCase (partner-api: partnerApi). */}}
{{- define "caduceus.valuesKey" -}}
{{- ternary "partnerApi" . (eq . "partner-api") -}}
{{- end -}}

{{/* The key files each component mounts: only what it needs. */}}
{{- define "caduceus.keyFiles" -}}
{{- if eq .component "gateway" -}}
{{- $files := list "federation.key.pem" "federation.pub.pem" "gateway-identity.key.pem" "gateway-identity.pub.pem" "service-escalation.pub.pem" "service-contacts.pub.pem" "service-partner-api.pub.pem" -}}
{{- if not .root.Values.oidc.enabled -}}{{- $files = append $files "user-jwt.pub.pem" -}}{{- end -}}
{{- toJson $files -}}
{{- else if eq .component "escalation" -}}
{{- toJson (list "gateway-identity.pub.pem" "service-escalation.key.pem" "service-escalation.pub.pem") -}}
{{- else if eq .component "contacts" -}}
{{- toJson (list "gateway-identity.pub.pem" "team-key.asc" "service-contacts.key.pem" "service-contacts.pub.pem") -}}
{{- else if eq .component "partner-api" -}}
{{- toJson (list "gateway-identity.pub.pem" "service-partner-api.key.pem" "service-partner-api.pub.pem") -}}
{{- else if eq .component "intake" -}}
{{- toJson (list "gateway-identity.pub.pem" "service-escalation.pub.pem") -}}
{{- else if eq .component "console" -}}
{{- /* local accounts: it mints the signed-in user's tokens for the API; with OIDC it calls the
API with the issuer's tokens and holds no key at all */ -}}
{{- toJson (ternary (list) (list "user-jwt.key.pem" "user-jwt.pub.pem") .root.Values.oidc.enabled) -}}
{{- else -}}
{{- toJson (list "gateway-identity.pub.pem") -}}
{{- end -}}
{{- end -}}
