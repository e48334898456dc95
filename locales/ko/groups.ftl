# 컨슈머 그룹: 컨슈머 시작 양식, 그룹 카드, 멤버, kafka-consumer-groups.sh 표, 랙 차트, 전달 점검.

delivery-nothing-yet = 전달 점검: 샌드박스의 프로듀서가 보낸 레코드를 아직 수신하지 않았습니다.
delivery-clean = 전달 점검: 레코드 { $received }개를 수신했습니다. 모든 레코드를 한 번씩, 키별 전송 순서대로 수신했습니다.
# $parts: delivery-found-twice, delivery-found-order 중 해당하는 것을 ", "로 이은 것.
delivery-found = 전달 점검: 수신한 레코드 { $received }개 중 { $parts }입니다.
delivery-found-twice = 두 번 수신한 레코드 { $twice }개
delivery-found-order = 전송 순서가 어긋난 키 { $keys }개 (레코드 { $late }개)
delivery-twice = 두 번 수신
delivery-out-of-order = 전송 순서 어긋남
delivery-twice-offsets = { $first }, { $offset }
delivery-twice-offset-earlier = { $offset } (그 이전 오프셋에도 있음)
delivery-order-offsets = { $after } 다음에 { $offset }
delivery-twice-why = 한 번 보냈지만 두 번 기록되었습니다. 응답이 유실된 배치를 재시도했기 때문입니다 (enable.idempotence=false).
delivery-order-why = 오프셋 { $offset }의 레코드가 오프셋 { $after }의 레코드보다 먼저 전송되었습니다. 재시도한 배치가 나중 배치보다 늦게 기록되었기 때문입니다 (멱등성 없이 전송 중인 요청이 둘 이상이었습니다).
delivery-region = 그룹 { $group }의 전달 점검 결과
delivery-caption = 두 번 수신했거나 프로듀서의 전송 순서와 다르게 수신한 레코드 (최신순)
delivery-col-key = 키
delivery-col-partition = 파티션
delivery-col-found = 발견
delivery-col-offsets = 오프셋
delivery-col-producer = 프로듀서
delivery-col-why = 이유

## 컨슈머 시작 양식.

consumer-form-title = 컨슈머(consumer) 시작
consumer-form-topic = 토픽
consumer-form-classic-assignors = group.protocol=classic (클라이언트 측 할당자)
consumer-form-broker-assignors = group.protocol=consumer (KIP-848, 브로커 측 할당자)
consumer-form-commits = 커밋
consumer-form-commit-auto = 5초마다 자동 커밋
consumer-form-commit-auto-help = enable.auto.commit=true: auto.commit.interval.ms (5초)마다 오프셋을 자동으로 커밋합니다.
consumer-form-commit-manual = 배치마다 commitSync()
consumer-form-commit-manual-help = enable.auto.commit=false: 배치를 처리할 때마다 commitSync() 호출로 동기 커밋합니다.
consumer-form-commit-before = 처리 전에 commitSync()
consumer-form-commit-before-help = enable.auto.commit=false: poll()이 반환되자마자, 처리하기 전에 commitSync()로 커밋합니다. 처리 도중 장애가 나면 배치의 나머지 레코드를 잃습니다 (최대 한 번).
consumer-form-reset-latest = latest (Kafka 기본값)
consumer-form-isolation-help = read_committed: 마지막 안정 오프셋(LSO)까지 읽고, 중단된 트랜잭션의 레코드는 건너뜁니다.
consumer-form-isolation-default = read_uncommitted (기본값)
consumer-form-processing = 레코드당 처리 시간 (ms)
consumer-form-submit = 컨슈머 시작
# $what: 설정 이름(session.timeout.ms) 또는 consumer-form-processing-name.
consumer-form-whole-number = { $what }에는 정수를 입력해야 합니다.
consumer-form-processing-name = 처리 시간
consumer-form-choose-assignor = 할당자(assignor)를 선택해야 합니다.
consumer-form-choose-reset = auto.offset.reset 값을 선택해야 합니다.
consumer-form-choose-isolation = isolation.level 값을 선택해야 합니다.
consumer-form-started = 그룹 { $group }에서 { $consumer } 컨슈머를 시작했습니다.

## 컨슈머 그룹 패널과 그룹 카드. 그룹 상태(Stable, PreparingRebalance …)는 Kafka의 이름이므로
## 그대로 보여 줍니다.

groups-title = 컨슈머 그룹(consumer group)
groups-empty = 아직 컨슈머가 없습니다. 양식에서 컨슈머를 시작할 수 있습니다.
    각 그룹의 그룹 코디네이터(group coordinator)는 그 그룹이 쓰는 __consumer_offsets 파티션의 리더(leader)입니다.
group-head-state = 상태
group-generation = 제너레이션(generation)
group-epoch = 그룹 에포크(group epoch)
group-head-coordinator = 코디네이터(coordinator)
group-coordinator-broker = 브로커 { $broker } (__consumer_offsets-{ $partition }의 리더)
group-coordinator-no-offsets-topic = 없음: COORDINATOR_NOT_AVAILABLE. __consumer_offsets 토픽에는
    offsets.topic.replication.factor = { $rf }에 따라 브로커 { $rf }대가 필요하지만 클러스터의 브로커는 { $brokers }대뿐이므로
    그룹을 구성할 수 없습니다.
group-coordinator-no-leader = 없음 (__consumer_offsets-{ $partition }에 리더가 없습니다)
# $assignor: uniform, range, cooperative-sticky … (Kafka의 이름 그대로).
group-protocol-consumer = { $assignor } (consumer 프로토콜, KIP-848: 브로커에서 할당)
group-protocol-cooperative = { $assignor } (classic 프로토콜, cooperative 방식)
group-protocol-eager = { $assignor } (classic 프로토콜, eager 방식)
group-head-lag = 랙(lag)
group-head-redelivered = 재전달(redelivered)
group-head-rebalances = 리밸런스(rebalance) 횟수
group-head-skipped = 처리되지 않음(never processed)
group-table-region = 그룹 { $group }의 kafka-consumer-groups --describe 출력
group-table-caption = kafka-consumer-groups.sh --describe --group { $group }: 전체 { $total }행 중 { $shown }행 (이 페이지의 파티션)

## 그룹의 멤버(컨슈머).

member-status-running = 실행 중
member-status-not-polling = 폴링 중지됨
member-status-slow = 느림
member-status-crashed = 강제 종료됨
member-status-closed = 닫힘
member-status-failed = 실패
member-group-leader = 그룹 리더
member-not-a-member = 멤버 아님
# consumer 프로토콜: 멤버 에포크와 Kafka의 상태 이름(STABLE, UNREVOKED_PARTITIONS …).
member-epoch = 멤버 에포크 { $epoch } { $state }
member-isolation-read-uncommitted = read_uncommitted: 하이 워터마크(HW)까지 읽으며, 진행 중이거나 중단된 트랜잭션의 레코드도 읽습니다.
    마커는 받지 않습니다.
member-isolation-read-committed = read_committed: 마지막 안정 오프셋(LSO)까지 읽고, 중단된 트랜잭션의 레코드는 건너뜁니다.
    마커는 받지 않습니다.
member-owns-nothing = 할당된 파티션 없음
# $list: "orders-0 @ 5, orders-1 @ 7" (파티션 @ 위치).
member-owns = 할당: { $list } (@ 위치)
member-owns-many = 할당된 파티션 { $total }개: { $list } 외 { $more }개 (@ 위치)
member-counts = 전달 { $delivered }개, 재전달 { $again }개
member-close = 닫기
member-close-help = close(): 오프셋을 커밋하고 LeaveGroup 요청을 보냅니다.
member-close-label = { $consumer } 닫기 (커밋 후 LeaveGroup)
member-crash = 강제 종료
member-crash-help = 프로세스를 강제 종료합니다. LeaveGroup 요청은 보내지 않습니다.
member-crash-label = { $consumer } 강제 종료 (LeaveGroup 없음)
member-stop-polling = 폴링 중지
member-stop-polling-label = { $consumer } 폴링 중지
member-resume-polling = 폴링 재개
member-resume-polling-label = { $consumer } 폴링 재개
member-normal-speed = 원래 속도
member-normal-speed-label = { $consumer } 원래 속도
member-slow = 느리게
member-slow-label = { $consumer } 느리게 (레코드당 { $ms } ms)

## 그룹의 랙 차트(축 제목과 접근 가능한 이름).

lag-chart-x = 시뮬레이션 초
lag-chart-y = 랙 (레코드 수)
lag-chart-empty = 그룹 { $group }의 랙(lag): 아직 측정값이 없습니다.
lag-chart-summary = 그룹 { $group }의 랙(lag): 현재 레코드 { $now }개이며, 최근 { $seconds }초 동안 최대 { $max }개였습니다.
