# 타임라인의 서술: 엔진 이벤트 하나에 메시지 하나 (src/narration.rs). 브로커 목록([1,2]),
# 파티션(orders-0), 클라이언트(consumer-1, producer-1)는 그대로 채워 넣습니다.

event-nothing = 없음
event-none = 없음
event-brokers = 브로커 { $brokers }
event-key = 키 { $key }
event-no-key = 키 없는 레코드
event-earlier = (이전)

event-word-member = { $n ->
   *[other] 멤버
}
event-word-voter = { $n ->
   *[other] 투표자
}
event-cause-isr-state = ISR { $isr }의 { $word } 수는 { $members }, min.insync.replicas는 { $min_isr }입니다
event-cause-isr-refused = { $state }. 따라서 리더가 로그에 추가하기 전에 거부했습니다
event-cause-isr-after-append = 레코드는 로그에 추가되었지만 그 뒤 상태가 바뀌었습니다: { $state }. 따라서 커밋되지 않았고, 재시도하면 중복될 수 있습니다
event-cause-isr-timeout = request.timeout.ms 안에 커밋되지 않았습니다: { $state }. 따라서 하이 워터마크가 올라갈 수 없습니다
event-cause-waited-catching-up = 리더는 따라잡는 중인 팔로워가 ISR에 다시 들어오기를 기다렸습니다
event-cause-waited-for = 리더는 ISR { $word } { $brokers }의 페치를 기다렸지만, 이들은 끝내 레코드를 가져가지 않았습니다
event-cause-why-quorum-lost = 컨트롤러 쿼럼을 잃었기 때문에 이들을 ISR { $isr }에서 제외할 수 없었습니다
event-cause-why-lag = 리더가 replica.lag.time.max.ms 뒤에 컨트롤러를 통해 제외할 때까지 이들은 ISR { $isr }에 남습니다
event-cause-awaiting = request.timeout.ms ({ $seconds }초) 안에 커밋되지 않았습니다: { $waited }. { $why }
event-cause-leader-unreachable = 리더인 { $leader }번 브로커가 실행 중이 아닙니다. 컨트롤러가 다른 리더를 선출하면 클라이언트가 재시도합니다
event-cause-no-leader = 파티션에 리더가 없습니다 (오프라인): 리더가 될 수 있는 살아 있는 ISR 멤버가 없습니다
event-cause-leader-reelected = 기다리는 동안 { $from }번 브로커가 다시 리더로 선출되었습니다 (새 리더 에포크). 커밋되지 않았을 수 있습니다
event-cause-leader-moved = 기다리는 동안 리더 역할이 { $from }번 브로커에서 { $to }번 브로커로 넘어갔습니다. 커밋되지 않았을 수 있습니다
event-cause-leader-gone = 기다리는 동안 { $from }번 브로커가 리더 역할을 멈췄습니다 (지금은 리더가 없습니다). 커밋되지 않았을 수 있습니다
event-explain-not-enough-replicas = ISR이 min.insync.replicas보다 작아서 리더가 로그에 추가하기 전에 거부했습니다
event-explain-after-append = 로그에 추가되었지만 커밋되기 전에 ISR이 min.insync.replicas 아래로 줄었습니다. 재시도하면 중복될 수 있습니다
event-explain-not-leader = 기다리는 동안 리더 역할이 넘어갔습니다. 커밋되지 않았을 수 있습니다
event-explain-leader-not-available = 파티션에 리더가 없습니다 (오프라인)
event-explain-network = 리더 브로커에 연결할 수 없습니다
event-explain-timed-out = request.timeout.ms 안에 커밋되지 않았습니다 (ISR이 min.insync.replicas보다 작으면 HW가 올라갈 수 없습니다)

event-broker-stopped = { $broker }번 브로커가 강제 종료되었습니다 (kill). 컨트롤러가 펜싱해야 리더 역할이 다른 브로커로 넘어갑니다.
event-broker-shut-down = { $broker }번 브로커가 제어된 종료로 중지되었습니다. 컨트롤러가 먼저 리더 역할 { $moved }개를 다른 브로커로 옮기고, 모든 ISR에서 제외했습니다.
event-controlled-shutdown-timed-out = { $broker }번 브로커가 제어된 종료를 승인받을 활성 컨트롤러에 연결하지 못해 그대로 종료했습니다. 강제 종료된 경우와 같습니다.
event-offsets-topic-unavailable = __consumer_offsets를 만들 수 없습니다 ({ $error }): offsets.topic.replication.factor는 { $rf }인데 클러스터의 브로커는 { $brokers }대입니다. FindCoordinator가 COORDINATOR_NOT_AVAILABLE로 응답하므로 컨슈머 그룹을 만들 수 없습니다.
event-leaders-rebalanced = 자동 리더 재조정: 선호 복제본이 리더가 아닌 파티션 { $imbalanced }개 중 { $moved }개의 리더를 선호 복제본으로 되돌렸습니다.
event-broker-started = { $broker }번 브로커가 시작되었습니다. 로그는 그대로 남아 있습니다.
event-broker-isolated = { $broker }번 브로커가 다른 브로커들과 단절되었습니다.
event-broker-healed = { $broker }번 브로커가 다른 브로커와 다시 연결되었습니다.
event-broker-fenced = 하트비트가 { $seconds }초 동안 없어서 컨트롤러가 { $broker }번 브로커를 펜싱했습니다.
event-broker-unfenced = 컨트롤러가 { $broker }번 브로커의 펜싱을 해제했습니다. 다시 하트비트를 보냅니다.
event-controller-lost = { $broker }번 브로커는 더 이상 활성 컨트롤러가 아닙니다.
event-controller-elected = { $broker }번 브로커가 활성 컨트롤러가 되었습니다 (에포크 { $epoch }).
event-quorum-lost = 컨트롤러 쿼럼을 잃었습니다: { $word } { $voters }대 중 { $reachable }대 ({ $running })만 실행 중이며 서로 연결되어 있습니다. 과반수가 되려면 { $majority }대가 필요합니다. 쿼럼이 돌아올 때까지 브로커 펜싱, ISR 축소, 리더 선출을 할 수 없습니다.
event-quorum-lost-controller = { $controller }번 브로커는 더 이상 활성 컨트롤러가 아니며 컨트롤러 쿼럼을 잃었습니다: { $word } { $voters }대 중 { $reachable }대 ({ $running })만 실행 중이며 서로 연결되어 있습니다. 과반수가 되려면 { $majority }대가 필요합니다. 쿼럼이 돌아올 때까지 브로커 펜싱, ISR 축소, 리더 선출을 할 수 없습니다.
event-quorum-restored = { $seconds }초 만에 컨트롤러 쿼럼이 돌아왔습니다: 투표자 { $voters }대가 서로 연결되어 과반수 { $majority }대 이상을 이룹니다 (브로커 { $brokers }). { $controller }번 브로커가 활성 컨트롤러가 되었습니다 (에포크 { $epoch }).
event-configs-set = { $configs } 설정
event-configs-reset = { $configs } 기본값으로 복원
event-topic-config-changed = { $topic } 토픽의 설정이 바뀌었습니다: { $changes }. 지금부터 적용됩니다.
event-topic-created = { $topic } 토픽을 생성했습니다. 파티션 { $partitions }개, 복제 개수 { $rf }입니다.
event-topic-deleted = { $topic } 토픽을 삭제했습니다. 파티션 { $partitions }개와 그 로그가 모든 브로커에서 사라졌습니다.
event-group-offsets-altered = 관리 클라이언트(admin client)가 { $group } 그룹의 커밋된 오프셋을 파티션 { $partitions }개에 대해 설정했습니다.
event-group-offsets-deleted = 관리 클라이언트(admin client)가 { $group } 그룹의 커밋된 오프셋을 파티션 { $partitions }개에 대해 삭제했습니다.
event-group-deleted = { $group } 그룹과 그 커밋된 오프셋을 삭제했습니다.
event-partitions-added = { $topic } 토픽의 파티션이 { $from }개에서 { $to }개로 늘었습니다. 이제 키가 있는 레코드의 파티션은 키 해시를 파티션 { $to }개로 나눈 나머지로 정해지므로, 많은 키가 다른 파티션으로 갑니다.
event-election-unclean = 언클린 선출:{ " " }
event-election-preferred = 선호 리더 선출:{ " " }
event-election-auto-rebalance = 자동 리더 재조정:{ " " }
event-election-elr = ELR에서 선출:{ " " }
event-election-last-known-leader = 마지막으로 알려진 리더 (ISR과 ELR이 비어 있음):{ " " }
event-leader-elected = { $how }컨트롤러가 { $leader }번 브로커를 { $partition }의 리더로 선출했습니다. 리더 에포크 { $epoch }, ISR { $isr }.
event-leader-elected-lost = { " " }오프셋 { $from }~{ $to }의 커밋된 레코드를 잃었습니다.
event-partition-offline = { $partition } 파티션이 오프라인입니다: ISR { $isr }에 리더가 될 수 있는 살아 있는 복제본이 없습니다.
event-isr-shrunk-lagged = { $partition }의 ISR이 줄었습니다: { $isr }. { $seconds }초 동안 따라잡지 못한 복제본이 제외되었습니다.
event-isr-shrunk-fenced = { $partition }의 ISR이 줄었습니다: { $isr }. 브로커가 펜싱되었습니다.
event-isr-shrunk-shutdown = { $partition }의 ISR이 줄었습니다: { $isr }. 브로커가 종료 중입니다.
event-isr-shrunk-unclean = { $partition }의 ISR이 줄었습니다: { $isr }. 브로커가 강제 종료 후 다시 시작되었습니다 (unclean shutdown).
event-isr-expanded = { $broker }번 브로커가 따라잡아 { $partition }의 ISR에 다시 들어왔습니다: { $isr }.
event-high-watermark-advanced = { $partition }의 하이 워터마크가 { $offset }까지 올라갔습니다.
event-records-truncated-one = { $broker }번 브로커가 { $partition }에서 오프셋 { $offset }의 레코드를 잘라냈습니다.
event-records-truncated = { $broker }번 브로커가 { $partition }에서 오프셋 { $from }~{ $to }의 레코드를 잘라냈습니다.
event-segments-deleted = { $broker }번 브로커가 { $partition }의 오래된 레코드 { $records }개를 삭제했습니다. 로그 시작 오프셋은 이제 { $offset }입니다.
event-log-compacted = { $broker }번 브로커의 로그 클리너가 { $partition }에서 로그 컴팩션을 수행했습니다. 같은 키의 더 새로운 레코드로 대체된 레코드 { $records }개를 제거했습니다.
event-produce-appended = 리더가 { $partition }의 오프셋 { $offset }에 레코드를 추가했습니다 (acks={ $acks }). ISR을 기다립니다.
event-produce-sent-acks0 = { $partition }에 레코드를 전송했습니다 (acks=0: 오프셋을 받지 않습니다).
event-produce-acknowledged = { $partition } 오프셋 { $offset }의 레코드가 확인 응답을 받았습니다 (acks={ $acks }).
event-produce-failed = { $partition }에 대한 전송이 { $error } 오류로 실패했습니다 (acks={ $acks }): { $cause }.
event-protocol-consumer-assignor = consumer 프로토콜, 브로커의 { $assignor } 할당자
event-protocol-consumer = consumer 프로토콜, 브로커가 할당
event-protocol-classic = classic 프로토콜, { $assignor } 할당자
event-consumer-started = { $consumer }: 그룹 { $group }에서 시작했습니다. 구독한 토픽: { $topics } ({ $how }).
event-consumer-crashed = { $consumer }: 강제 종료되었습니다. LeaveGroup 요청이 없으므로 그룹은 세션 타임아웃이 지나기를 기다립니다.
event-consumer-closed = { $consumer }: 닫혔습니다. 그룹을 탈퇴했으며, 그룹은 이제 리밸런스를 시작합니다.
event-consumer-failed = { $consumer }: 오류로 종료되었습니다. { $error }.
event-coordinator-changed = 그룹 { $group }의 코디네이터는 { $partition }의 리더인 { $broker }번 브로커입니다. HW까지의 커밋된 오프셋을 불러왔습니다.
event-coordinator-none = 그룹 { $group }에 코디네이터가 없습니다: { $partition }에 살아 있는 리더가 없습니다 (COORDINATOR_NOT_AVAILABLE).
event-member-joined = { $consumer }: 그룹 { $group }에 참여했습니다.
event-member-left = { $consumer }: 그룹 { $group }에서 탈퇴했습니다 (LeaveGroup).
event-member-session-timeout = { $consumer }: 코디네이터가 그룹 { $group }에서 제거했습니다. { $seconds }초 동안 하트비트가 없었습니다 (session.timeout.ms).
event-member-max-poll = { $consumer }: 그룹 { $group }에서 탈퇴했습니다. max.poll.interval.ms ({ $seconds }초) 안에 poll()을 호출하지 않았습니다.
event-member-rebalance-timeout = { $consumer }: 코디네이터가 그룹 { $group }에서 제거했습니다. { $seconds }초 안에 다시 참여하지 않았습니다.
event-rebalance-started = 그룹 { $group }에서 리밸런스가 시작되었습니다 (제너레이션 { $generation } 이후 PreparingRebalance): { $reason }.
event-rebalance-completed = 그룹 { $group }의 제너레이션 { $generation }: { $seconds }초 만에 Stable 상태가 되었습니다. 그룹 리더 { $leader }에서 { $assignor } 할당자를 실행했습니다: { $shares }.
event-rebalance-paused = { " " }새로 할당된 파티션에는 { $seconds }초 동안 컨슈머가 없었습니다.
event-rebalance-withheld = { " " }기존 소유자에게서 회수될 때까지 보류된 파티션: { $partitions }.
event-rebalance-revokes = { " " }{ $consumer }: 파티션 { $partitions } 회수 후 다시 참여합니다.
event-group-reconciled = 그룹 { $group }: { $seconds }초 만에 그룹 에포크 { $epoch }의 목표 할당에 도달했습니다 (브로커의 { $assignor } 할당자, KIP-848). 그룹 전체가 멈추는 일은 없었습니다: { $shares }.
event-group-empty = 그룹 { $group }의 상태는 Empty입니다 (제너레이션 { $generation }). 멤버가 없습니다.
event-group-epoch-bumped = 그룹 { $group }의 그룹 에포크가 { $epoch }까지 올라갔습니다 ({ $reason }). 브로커가 새 목표 할당을 계산했습니다. 멤버는 각자의 하트비트에서 조정합니다.
event-partitions-given-back = { $consumer }: 브로커의 목표 할당이 옮겨 간 파티션을 반납했습니다: { $partitions }. 나머지 파티션은 유지하며 계속 소비합니다.
event-partitions-lost = { $consumer }: 그룹 { $group }의 멤버가 아니게 되어 파티션을 잃었습니다: { $partitions }.
event-partitions-revoked = { $consumer }: 그룹 { $group }에 다시 참여하기 전에 모든 파티션이 회수되었습니다 (eager 방식): { $partitions }.
event-producer-started-idempotent = { $producer }: 시작했습니다 (client.id { $client }). 멱등성 프로듀서이며 프로듀서 ID는 { $pid }, 에포크는 { $epoch }입니다.
event-producer-started = { $producer }: 멱등성 없이 시작했습니다 (client.id { $client }). 재시도하면 레코드가 두 번 기록될 수 있습니다.
event-batch-acks0 = 응답을 기다리지 않음, acks=0
event-batch-at = 오프셋 { $from }~{ $to }
event-batch-acked = { $producer }: { $partition }의 레코드 { $records }개가 확인 응답을 받았습니다 ({ $at }).
event-batch-acked-duplicate = { $producer }: { $partition }의 레코드 { $records }개가 확인 응답을 받았습니다 ({ $at }). 브로커가 중복으로 알아본 재시도이므로 다시 기록하지 않았습니다.
event-batch-retrying = { $producer }: { $partition }에 보낸 레코드 { $records }개가 { $attempt }번째 시도에서 { $error } 오류를 받았습니다. { $ms } ms 후 재시도합니다.
event-send-fatal = 재시도할 수 없음
event-send-retries-exhausted = 남은 재시도 없음
event-send-delivery-timeout = delivery.timeout.ms 경과
event-batch-failed = { $producer }: { $partition }에 보낸 레코드 { $records }개가 실패했습니다: { $error } ({ $why }).
event-producer-epoch-bumped = { $producer }: 프로듀서 에포크를 올렸습니다. 새 에포크는 { $epoch }입니다 (프로듀서 ID { $pid }). 배치의 시퀀스 번호를 다시 0부터 매깁니다.
event-producer-closed = { $producer }: 닫혔습니다.
event-batch-aborted = { $producer }: { $partition }에 보낼 레코드 { $records }개가 실패했습니다. 전송하기 전에 트랜잭션이 중단되었습니다.
event-transactions-initialized = { $producer }: transactional.id { $tid }의 트랜잭션을 초기화했습니다. 프로듀서 ID는 { $pid }, 에포크는 { $epoch }입니다.
event-transaction-committed = { $producer }: 트랜잭션을 커밋했습니다.
event-transaction-aborted = { $producer }: 트랜잭션을 중단했습니다.
event-transaction-error = { $producer }: 트랜잭션 요청이 { $error } 오류로 실패했습니다.
event-transaction-state = 트랜잭션 { $tid }의 상태는 { $state }입니다 (프로듀서 ID { $pid }, 에포크 { $epoch }, 파티션 { $partitions }개).
event-transaction-timed-out = 트랜잭션 { $tid }에서 transaction.timeout.ms가 지났습니다. 코디네이터가 트랜잭션을 중단하고 프로듀서를 펜싱합니다.
event-marker-written = 프로듀서 ID { $pid }의 { $control } 마커를 { $partition } 오프셋 { $offset }에 썼습니다.
event-commit-failed = 그룹 { $group }에서 { $consumer }의 오프셋 커밋이 실패했습니다: { $error }.
event-offset-reset = { $consumer }: { $partition }에서 오프셋 { $offset }부터 읽기 시작했습니다. 이유: { $reason }, auto.offset.reset={ $strategy }.
event-processing-interrupted = { $consumer }: 처리 도중에 멈췄습니다. { $partition }에서 오프셋 { $from }~{ $to }의 레코드를 받았지만 처리하지 못했습니다.
event-records-skipped = { $consumer }: { $partition }에서 오프셋 { $start }부터 읽기 시작하여 오프셋 { $from }~{ $to }의 레코드를 건너뛰었습니다. 강제 종료된 멤버가 이 레코드를 받았지만 처리하지 못했고, 그룹 { $group }에서는 이미 이 레코드까지 커밋했습니다. 이 레코드는 아무도 처리하지 않습니다 (전달 보장: 최대 한 번).
event-redelivered = { $consumer }: { $partition }에서 오프셋 { $from }~{ $to }의 레코드를 다시 받았습니다. 그룹 { $group }에서 처리했지만 커밋하지 않은 레코드입니다 (전달 보장: 최소 한 번).
event-delivery-twice = 그룹 { $group }의 { $consumer }: 같은 레코드를 두 번 수신했습니다 ({ $key }). producer-{ $producer }에서 한 번 보낸 레코드가 { $partition }의 오프셋 { $first }, { $offset }에 두 번 기록되어 있습니다. 재시도가 같은 레코드를 다시 기록했습니다 (enable.idempotence 꺼짐).
event-delivery-out-of-order = 그룹 { $group }의 { $consumer }: 전송 순서가 어긋난 레코드를 수신했습니다 ({ $key }). { $partition }에서 오프셋 { $offset }의 레코드가 producer-{ $producer }에서 오프셋 { $after }의 레코드보다 먼저 전송되었습니다 (재시도한 배치가 나중 배치보다 늦게 기록되었습니다).
event-delivery-more = { $line } 같은 페치에서 { $more }건이 더 발견되었습니다.

## 리밸런스 이유, 위치 재설정 이유, 컨슈머가 멈춘 이유
reason-member-joined = { $consumer } 참여
reason-member-joined-heartbeat = { $consumer } 참여 (에포크 0의 ConsumerGroupHeartbeat)
reason-member-rejoined = { $consumer } 재참여
reason-member-left = { $consumer } 탈퇴
reason-topic-deleted = { $topic } 토픽이 삭제됨
reason-partitions-added = { $topic } 토픽의 파티션이 { $partitions }개로 늘어남
reason-no-committed-offset = 커밋된 오프셋 없음
reason-offset-out-of-range = 위치가 로그 범위를 벗어남
consumer-error-no-offset = NoOffsetForPartitionException: { $partition }에 커밋된 오프셋이 없고 auto.offset.reset=none입니다
consumer-error-out-of-range = OffsetOutOfRangeException: { $partition }의 위치가 로그 범위 { $start }~{ $end } 밖에 있고 (위치 { $position }), auto.offset.reset=none입니다

timeline-region = 이벤트 타임라인
timeline-title = 타임라인
timeline-label = 타임라인 항목, 최신순
event-forked = 지난 시점에서 조작해 세션이 포크(fork)되었습니다. 여기서 새로운 미래가 시작되고, 기록된 미래({ $until }까지)는 따로 보관했습니다. “포크 취소”를 누르면 되돌아옵니다.
