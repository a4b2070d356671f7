/**
 * Fields that the schema accepts but Podman ignores: each one that is set gets one warning.
 * Everything podunit lowers is listed in the lowering stage; these lists are the rest of the
 * PodSpec and Container fields that `podman kube play` drops (research: kube-play-mapping.md §1.2,
 * §2.1, §3, §8).
 */
export const IGNORED_POD_FIELDS: readonly string[] = [
  'activeDeadlineSeconds',
  'affinity',
  'automountServiceAccountToken',
  'dnsPolicy',
  'enableServiceLinks',
  'ephemeralContainers',
  'hostnameOverride', // Kubernetes 1.34 (alpha): not mapped to --hostname yet
  'imagePullSecrets',
  'nodeName',
  'nodeSelector',
  'os',
  'overhead',
  'preemptionPolicy',
  'priority',
  'priorityClassName',
  'readinessGates',
  'resourceClaims',
  'runtimeClassName',
  'schedulerName',
  'schedulingGates',
  'serviceAccount',
  'serviceAccountName',
  'setHostnameAsFQDN',
  'subdomain',
  'tolerations',
  'topologySpreadConstraints',
]

export const IGNORED_POD_SECURITY_FIELDS: readonly string[] = [
  'appArmorProfile',
  'fsGroup',
  'fsGroupChangePolicy',
  'windowsOptions',
]

export const IGNORED_CONTAINER_FIELDS: readonly string[] = [
  'lifecycle',
  'readinessProbe',
  'resizePolicy',
  'restartPolicy',
  'restartPolicyRules', // Kubernetes 1.34 (alpha): restart on chosen exit codes
  'stdinOnce',
  'terminationMessagePath',
  'terminationMessagePolicy',
  'volumeDevices',
]

export const IGNORED_CONTAINER_SECURITY_FIELDS: readonly string[] = [
  'appArmorProfile',
  'windowsOptions',
]
