/** Shell completion scripts for bash and zsh, made from the option tables. */
import { COMMANDS } from './options.js'
import { UsageError } from './errors.js'

export function completionScript(shell: string): string {
  if (shell === 'bash') return bash()
  if (shell === 'zsh') return zsh()
  throw new UsageError(`completion: give bash or zsh, not "${shell}"`)
}

function flags(command: (typeof COMMANDS)[number]): string[] {
  return command.options.flatMap((o) => [
    `--${o.name}`,
    ...(o.short === undefined ? [] : [`-${o.short}`]),
  ])
}

function bash(): string {
  const cases = COMMANDS.map((c) => `    ${c.name}) opts="${flags(c).join(' ')}" ;;`).join('\n')
  return `# podunit bash completion: eval "$(podunit completion bash)"
_podunit() {
  local cur=\${COMP_WORDS[COMP_CWORD]} opts
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${COMMANDS.map((c) => c.name).join(' ')} completion --help --version" -- "$cur"))
    return
  fi
  case \${COMP_WORDS[1]} in
${cases}
    completion) COMPREPLY=($(compgen -W "bash zsh" -- "$cur")); return ;;
    *) opts="" ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _podunit podunit
`
}

function zsh(): string {
  const commands = COMMANDS.map((c) => `'${c.name}:${c.summary.replaceAll("'", '')}'`).join(' ')
  const cases = COMMANDS.map((c) => {
    const specs = c.options
      .map(
        (o) =>
          `'--${o.name}[${o.help.replaceAll("'", '').replaceAll('[', '(').replaceAll(']', ')')}]${o.type === 'string' ? ':value:' : ''}'`,
      )
      .join(' ')
    return `    ${c.name}) _arguments ${specs} '*:file:_files' ;;`
  }).join('\n')
  return `#compdef podunit
# podunit zsh completion: podunit completion zsh > "\${fpath[1]}/_podunit"
_podunit() {
  if (( CURRENT == 2 )); then
    local -a cmds; cmds=(${commands} 'completion:Print a shell completion script')
    _describe command cmds
    return
  fi
  case $words[2] in
${cases}
    completion) _values shell bash zsh ;;
  esac
}
compdef _podunit podunit
`
}
