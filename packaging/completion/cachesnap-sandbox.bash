# SPDX-FileCopyrightText: 2026 CacheSnap authors
# SPDX-License-Identifier: GPL-3.0-or-later
# bash completion for cachesnap-sandbox: its options, and the values that have a known set (regions, --regions all,
# files and folders). Self-contained (no bash-completion helpers needed), so it also works when sourced directly.
# The list mirrors `cachesnap-sandbox --help`; packaging/check-package.sh compares them with the installed binary.

_cachesnap_sandbox_options="--help --help-all --version --listen --allow-remote --idle-timeout --region --regions
--access-key-id --secret-access-key --account --seed --seed-snapshots --seed-all-at-start --state --s3-root --snapshot-create-seconds
--create-seconds --export-seconds --export-fail-after-objects --max-manual-snapshots --manual-snapshots-per-day
--serverless-snapshots-per-day --clock-offset-seconds --latency-ms --latency-jitter-ms --rate-limit --rate-burst
--throttle-rate --error-rate --drop-rate --truncate-rate"

# ElastiCache's regions of the commercial partition (core/endpointresolver.cpp).
_cachesnap_sandbox_regions="af-south-1 ap-east-1 ap-east-2 ap-northeast-1 ap-northeast-2 ap-northeast-3 ap-south-1
ap-south-2 ap-southeast-1 ap-southeast-2 ap-southeast-3 ap-southeast-4 ap-southeast-5 ap-southeast-6 ap-southeast-7
ca-central-1 ca-west-1 eu-central-1 eu-central-2 eu-north-1 eu-south-1 eu-south-2 eu-west-1 eu-west-2 eu-west-3
il-central-1 me-central-1 me-south-1 mx-central-1 sa-east-1 us-east-1 us-east-2 us-west-1 us-west-2"

_cachesnap_sandbox_takes_value()
{
    case "$1" in
    --listen | --idle-timeout | --region | --regions | --access-key-id | --secret-access-key | --account | --seed | \
        --seed-snapshots | --state | --s3-root | --snapshot-create-seconds | --create-seconds | --export-seconds | \
        --export-fail-after-objects | --max-manual-snapshots | --manual-snapshots-per-day | \
        --serverless-snapshots-per-day | --clock-offset-seconds | --latency-ms | --latency-jitter-ms | --rate-limit | \
        --rate-burst | --throttle-rate | --error-rate | --drop-rate | --truncate-rate)
        return 0 ;;
    esac
    return 1
}

_cachesnap_sandbox()
{
    local cur=${COMP_WORDS[COMP_CWORD]}
    local prev=""
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    # bash splits "--region=eu" into "--region" "=" "eu" (COMP_WORDBREAKS has '=').
    if [[ $cur == "=" ]]; then
        cur=""
    elif [[ $prev == "=" ]] && ((COMP_CWORD > 1)); then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi
    if _cachesnap_sandbox_takes_value "$prev"; then
        case "$prev" in
        --region)
            mapfile -t COMPREPLY < <(compgen -W "$_cachesnap_sandbox_regions" -- "$cur") ;;
        --regions)
            # A comma-separated list: complete the last item, keeping what comes before it.
            local head="" last=$cur
            if [[ $cur == *,* ]]; then
                head=${cur%,*},
                last=${cur##*,}
            fi
            local region
            COMPREPLY=()
            [[ -z $head ]] && [[ all == "$last"* ]] && COMPREPLY+=(all)
            for region in $_cachesnap_sandbox_regions; do
                [[ $region == "$last"* ]] && COMPREPLY+=("$head$region")
            done ;;
        --state)
            mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
        --s3-root)
            mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
        *)
            COMPREPLY=() ;;
        esac
        return 0
    fi
    if [[ $cur == -* || -z $cur ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$_cachesnap_sandbox_options" -- "$cur")
    fi
    return 0
}

complete -F _cachesnap_sandbox cachesnap-sandbox
