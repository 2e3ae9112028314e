# SPDX-FileCopyrightText: 2026 CacheSnap authors
# SPDX-License-Identifier: GPL-3.0-or-later
# bash completion for cachesnap-cli: commands (and the second word of two-word ones), each command's options and the values that have a
# fixed set. Self-contained (no bash-completion helpers needed), so it also works when sourced directly.
# The lists mirror `cachesnap-cli --help` and `cachesnap-cli COMMAND --help`; packaging/check-package.sh
# compares them with the installed binary.

_cachesnap_cli_commands="describe-snapshots describe-serverless-cache-snapshots inventory create-snapshot copy-snapshot
delete-snapshot export-snapshot check-export-bucket wait create-serverless-cache-snapshot copy-serverless-cache-snapshot
delete-serverless-cache-snapshot describe-cache-clusters describe-replication-groups describe-serverless-caches
describe-events create-replication-group create-cache-cluster create-serverless-cache modify-replication-group
modify-cache-cluster modify-serverless-cache list-tags-for-resource add-tags-to-resource remove-tags-from-resource
describe-cache-subnet-groups describe-cache-parameter-groups describe-cache-engine-versions keychain
plan-cleanup help"

# The second word of the two-word commands ("wait snapshot-available", "keychain store").
_cachesnap_cli_subcommands()
{
    case "$1" in
    wait) echo "snapshot-available" ;;
    keychain) echo "store delete list" ;;
    esac
}
_cachesnap_cli_globals="--profile --region --endpoint-url --output --cli-read-timeout --cli-request-timeout --debug --version
--help"
# Options that take a value (the next word, or after '=').
_cachesnap_cli_takes_value()
{
    case "$1" in
    --profile | --region | --endpoint-url | --output | --cli-read-timeout | --cli-request-timeout | --cache-cluster-id | --replication-group-id | \
        --snapshot-name | --snapshot-source | --page-size | --serverless-cache-name | \
        --serverless-cache-snapshot-name | --snapshot-type | --kms-key-id | --source-snapshot-name | \
        --target-snapshot-name | --target-bucket | --bucket | --timeout | --source-serverless-cache-snapshot-name | \
        --target-serverless-cache-snapshot-name | --fix-method | --source-identifier | --source-type | \
        --start-time | --end-time | --duration | \
        --replication-group-description | --snapshot-arns | --cache-node-type | --engine | --engine-version | \
        --cluster-mode | --num-node-groups | --replicas-per-node-group | --num-cache-clusters | \
        --node-group-configuration | --preferred-cache-cluster-azs | --primary-cluster-id | \
        --cache-parameter-group-name | --cache-subnet-group-name | --security-group-ids | --port | \
        --snapshot-retention-limit | --snapshot-window | --preferred-maintenance-window | --tags | \
        --num-cache-nodes | --preferred-availability-zone | --major-engine-version | --description | \
        --snapshot-arns-to-restore | --subnet-ids | --cache-usage-limits | --daily-snapshot-time | \
        --snapshotting-cluster-id | --resource-name | --tag-keys | --cache-parameter-group-family | --profiles | \
        --regions | --older-than-days | --keep-newest | --skip-tag | --price-per-gb-month | --requests-per-second)
        return 0 ;;
    esac
    return 1
}

_cachesnap_cli_command_options()
{
    case "$1" in
    describe-snapshots)
        echo "--cache-cluster-id --replication-group-id --snapshot-name --snapshot-source --show-node-group-config
              --page-size" ;;
    describe-serverless-cache-snapshots)
        echo "--serverless-cache-name --serverless-cache-snapshot-name --snapshot-type --page-size" ;;
    inventory)
        echo "--profiles --regions --sequential" ;;
    create-snapshot)
        echo "--snapshot-name --replication-group-id --cache-cluster-id --kms-key-id --tags" ;;
    copy-snapshot)
        echo "--source-snapshot-name --target-snapshot-name --target-bucket --kms-key-id --check --wait --timeout
              --tags" ;;
    delete-snapshot)
        echo "--snapshot-name" ;;
    export-snapshot)
        echo "--snapshot-name --bucket --target-snapshot-name --check --wait --timeout" ;;
    check-export-bucket)
        echo "--bucket --snapshot-name --serverless-cache-snapshot-name --target-snapshot-name --fix --yes
              --fix-method" ;;
    "wait snapshot-available")
        echo "--snapshot-name --timeout" ;;
    plan-cleanup)
        echo "--profiles --regions --older-than-days --source-gone --keep-newest --skip-tag --price-per-gb-month
              --execute --yes --requests-per-second" ;;
    "keychain store" | "keychain delete" | "keychain list")
        echo "" ;;
    create-serverless-cache-snapshot)
        echo "--serverless-cache-snapshot-name --serverless-cache-name --kms-key-id --tags" ;;
    copy-serverless-cache-snapshot)
        echo "--source-serverless-cache-snapshot-name --target-serverless-cache-snapshot-name --kms-key-id --tags" ;;
    delete-serverless-cache-snapshot)
        echo "--serverless-cache-snapshot-name" ;;
    describe-cache-clusters)
        echo "--cache-cluster-id --show-cache-node-info --show-cache-clusters-not-in-replication-groups" ;;
    describe-replication-groups)
        echo "--replication-group-id" ;;
    describe-serverless-caches)
        echo "--serverless-cache-name" ;;
    describe-events)
        echo "--source-identifier --source-type --start-time --end-time --duration --page-size" ;;
    create-replication-group)
        echo "--replication-group-id --replication-group-description --snapshot-name --snapshot-arns
              --serverless-cache-snapshot-name --cache-node-type --engine --engine-version --cluster-mode
              --num-node-groups --replicas-per-node-group --num-cache-clusters --node-group-configuration
              --preferred-cache-cluster-azs --primary-cluster-id --cache-parameter-group-name
              --cache-subnet-group-name --security-group-ids --port --automatic-failover-enabled
              --no-automatic-failover-enabled --multi-az-enabled --no-multi-az-enabled
              --transit-encryption-enabled --no-transit-encryption-enabled --at-rest-encryption-enabled
              --no-at-rest-encryption-enabled --kms-key-id --data-tiering-enabled --no-data-tiering-enabled
              --snapshot-retention-limit --snapshot-window --preferred-maintenance-window --tags" ;;
    create-cache-cluster)
        echo "--cache-cluster-id --snapshot-name --snapshot-arns --cache-node-type --engine --engine-version
              --num-cache-nodes --preferred-availability-zone --cache-parameter-group-name
              --cache-subnet-group-name --security-group-ids --port --transit-encryption-enabled
              --no-transit-encryption-enabled --snapshot-retention-limit --snapshot-window
              --preferred-maintenance-window --tags" ;;
    create-serverless-cache)
        echo "--serverless-cache-name --engine --major-engine-version --description --snapshot-arns-to-restore
              --subnet-ids --security-group-ids --cache-usage-limits --kms-key-id --snapshot-retention-limit
              --daily-snapshot-time --tags" ;;
    modify-replication-group)
        echo "--replication-group-id --snapshot-retention-limit --snapshot-window --snapshotting-cluster-id
              --preferred-maintenance-window --replication-group-description --cache-parameter-group-name
              --security-group-ids --automatic-failover-enabled --no-automatic-failover-enabled --multi-az-enabled
              --no-multi-az-enabled --apply-immediately --no-apply-immediately" ;;
    modify-cache-cluster)
        echo "--cache-cluster-id --snapshot-retention-limit --snapshot-window --preferred-maintenance-window
              --cache-parameter-group-name --security-group-ids --apply-immediately --no-apply-immediately" ;;
    modify-serverless-cache)
        echo "--serverless-cache-name --snapshot-retention-limit --daily-snapshot-time --description
              --security-group-ids --cache-usage-limits" ;;
    list-tags-for-resource)
        echo "--resource-name" ;;
    add-tags-to-resource)
        echo "--resource-name --tags" ;;
    remove-tags-from-resource)
        echo "--resource-name --tag-keys" ;;
    describe-cache-subnet-groups)
        echo "--cache-subnet-group-name --page-size" ;;
    describe-cache-parameter-groups)
        echo "--cache-parameter-group-name --page-size" ;;
    describe-cache-engine-versions)
        echo "--engine --engine-version --cache-parameter-group-family --default-only --no-default-only
              --page-size" ;;
    esac
}

# Profile names from the AWS shared files, as the CLI reads them: "[default]" and "[profile NAME]" in the config
# file, "[NAME]" in the credentials file.
_cachesnap_cli_profiles()
{
    local config=${AWS_CONFIG_FILE:-$HOME/.aws/config}
    local credentials=${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials}
    local re='^[[:space:]]*\[[[:space:]]*([^]]*[^][:space:]])[[:space:]]*\]' line name
    {
        if [[ -r $config ]]; then
            while IFS= read -r line || [[ -n $line ]]; do
                [[ $line =~ $re ]] || continue
                name=${BASH_REMATCH[1]}
                if [[ $name == default ]]; then
                    echo default
                elif [[ $name =~ ^profile[[:space:]]+(.+)$ ]]; then
                    echo "${BASH_REMATCH[1]}"
                fi
            done <"$config"
        fi
        if [[ -r $credentials ]]; then
            while IFS= read -r line || [[ -n $line ]]; do
                [[ $line =~ $re ]] && echo "${BASH_REMATCH[1]}"
            done <"$credentials"
        fi
    } | sort -u
}

# The values of an option that has a fixed or discoverable set, one a line.
_cachesnap_cli_values()
{
    case "$1" in
    --output) printf '%s\n' json table csv ;;
    --snapshot-source) printf '%s\n' system user ;;
    --fix-method) printf '%s\n' acl policy ;;
    --snapshot-type) printf '%s\n' automatic manual ;;
    --profile) _cachesnap_cli_profiles ;;
    esac
}

_cachesnap_cli()
{
    local cur=${COMP_WORDS[COMP_CWORD]}
    local prev=""
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    local end=$COMP_CWORD # words before this index are complete

    # bash splits "--output=js" into "--output" "=" "js" (COMP_WORDBREAKS has '=').
    local option=""
    if [[ $cur == "=" ]]; then
        option=$prev
        cur=""
        end=$((COMP_CWORD - 1))
    elif [[ $prev == "=" ]] && ((COMP_CWORD > 1)); then
        option=${COMP_WORDS[COMP_CWORD - 2]}
        end=$((COMP_CWORD - 2))
    elif _cachesnap_cli_takes_value "$prev"; then
        option=$prev
        end=$((COMP_CWORD - 1))
    fi

    # Find the command among the complete words, skipping options and their values.
    local command="" subcommand="" helping="" word i=1
    local -a used=()
    while ((i < end)); do
        word=${COMP_WORDS[i]}
        if [[ $word == -* ]]; then
            used+=("$word")
            if [[ ${COMP_WORDS[i + 1]-} == "=" ]]; then
                ((i += 3))
                continue
            fi
            _cachesnap_cli_takes_value "$word" && ((i++))
        elif [[ $word == help && -z $command ]]; then
            helping=1
        elif [[ -z $command ]]; then
            command=$word
        elif [[ -z $subcommand && -n $(_cachesnap_cli_subcommands "$command") ]]; then
            subcommand=$word
        fi
        ((i++))
    done

    COMPREPLY=()
    if [[ -n $option ]]; then
        # One value a line: profile names may hold spaces.
        local values IFS=$'\n'
        values=$(_cachesnap_cli_values "$option")
        [[ -n $values ]] && mapfile -t COMPREPLY < <(compgen -W "$values" -- "$cur")
        local k
        for k in "${!COMPREPLY[@]}"; do
            printf -v "COMPREPLY[$k]" '%q' "${COMPREPLY[k]}"
        done
        return 0
    fi

    if [[ $cur == -* ]]; then
        local candidates=$_cachesnap_cli_globals
        if [[ -n $command ]]; then
            local spec=$command
            [[ -n $subcommand ]] && spec="$command $subcommand"
            candidates="$(_cachesnap_cli_command_options "$spec") $candidates"
        fi
        local -a offered=()
        local candidate u
        for candidate in $candidates; do
            for u in "${used[@]}"; do
                [[ $u == "$candidate" && $candidate != --help ]] && continue 2
            done
            offered+=("$candidate")
        done
        mapfile -t COMPREPLY < <(compgen -W "${offered[*]}" -- "$cur")
        return 0
    fi

    if [[ -z $command ]]; then
        local commands=$_cachesnap_cli_commands
        [[ -n $helping ]] && commands=${commands/help/}
        mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
    elif [[ -z $subcommand ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(_cachesnap_cli_subcommands "$command")" -- "$cur")
    fi
    return 0
}

complete -F _cachesnap_cli cachesnap-cli
