# 클러스터: 브로커 패널, 시간 제어(헤더), 파티션 보기(카드, 역할, 로그 스트립, 레코드 살펴보기,
# 페이지), kafka-topics.sh --describe 표의 설명과 파티션 추가 양식, 연속 부하의 설정 줄.
# Kafka의 고유한 이름(설정 이름, CLI 열 이름, COMMIT/ABORT, read_committed)은 영어 그대로 둡니다.

## 브로커 패널
brokers-region = 브로커
brokers-heading = 브로커(broker)
brokers-name = 브로커 { $id }
brokers-controller = 컨트롤러
brokers-controller-title = 이 브로커가 KRaft 컨트롤러 쿼럼의 활성 컨트롤러(active controller)입니다.
brokers-status-running = 실행 중
brokers-status-stopped = 중지됨
brokers-status-isolated = 격리됨
brokers-fenced = 펜싱됨
brokers-slow-follower = 느린 팔로워
# 이 브로커가 리더인 파티션의 수.
brokers-leaders = 리더 복제본 { $n }개
brokers-stop = 중지
brokers-restart = 재시작
brokers-crash = 강제 종료
brokers-isolate = 격리
brokers-heal = 연결 복구
brokers-slow = 느리게
brokers-unslow = 원래 속도
brokers-stop-label = 브로커 { $id } 중지 (제어된 종료)
brokers-restart-label = 브로커 { $id } 재시작
brokers-crash-label = 브로커 { $id } 강제 종료 (kill -9)
brokers-isolate-label = 브로커 { $id } 격리
brokers-heal-label = 브로커 { $id } 연결 복구
brokers-slow-label = 브로커 { $id }의 팔로워 페치 느리게
brokers-unslow-label = 브로커 { $id }의 팔로워 페치 원래 속도
brokers-slow-title = 느린 팔로워(follower): { $every }초에 한 번만 리더에게서 레코드를 가져옵니다. 이 간격은
    replica.lag.time.max.ms ({ $max }초)보다 깁니다.
# “중지” 버튼의 title, 그리고 브로커 아래 설명(“중지 = …”).
brokers-stop-explained = 제어된 종료(controlled shutdown): 리더(leader) 역할이 먼저 다른 브로커로 넘어가고
    동기화 복제본 목록(ISR)에서도 먼저 제외되므로 실패하는 요청이 없습니다.
brokers-crash-explained = kill -9: 컨트롤러(controller)가 이 브로커를 펜싱(fencing)해야 리더 역할이 넘어갑니다.
    펜싱은 broker.session.timeout.ms (9초)가 지난 뒤에 일어나며, 그때까지 이 브로커로 보내는 요청은 실패합니다.
brokers-preferred-election = 선호 리더 선출

## 시간 제어(헤더)
time-region = 시뮬레이션 시간
# 시계: 시뮬레이션 시간의 초와 그 소수 첫째 자리.
time-clock = { $s }.{ $tenths }초
time-play = 재생
time-pause = 일시정지
time-step = 0.1초 진행
time-step-10s = +10초
time-speed = 속도
time-behind = { $speed }× 속도로 실행 중입니다. 시뮬레이션 스텝에 걸리는 시간이 페이지가 내줄 수 있는 시간보다 깁니다.
time-brokers = 브로커 수
time-seed = 시드
time-seed-error = 시드는 0부터 18446744073709551615까지의 정수여야 합니다.
time-elr-title = KIP-966의 리더 적격 복제본(ELR) 기능입니다 (eligible.leader.replicas.version=1).
    Kafka 4.0에서는 기본으로 꺼져 있고, 4.1 이상에서 생성한 클러스터에서는 켜져 있습니다. “초기화”할 때 적용됩니다.
time-elr-label = 다음 초기화 후 리더 적격 복제본(ELR) 사용
time-reset = 초기화
time-play-from-here = 여기서부터 재생

## 시간 스크러버 (되감기와 포크)
scrubber-region = 되감기
scrubber-label = 시간: 보고 있는 시점
scrubber-keys = ← →: 1초씩 이동, Page Up / Page Down: 이전·다음 표시된 이벤트, Home / End: 처음과 현재
scrubber-value = { $live } 중 { $shown }
scrubber-past = 지난 시점을 보고 있습니다. 재생하면 여기서부터 다시 재생하고, 지금 조작하면 세션이 포크(fork)됩니다.
scrubber-replaying = { $to }까지 다시 재생하는 중… (현재 { $at })
scrubber-back-to-live = 현재로 돌아가기
scrubber-undo-fork = 포크 취소
scrubber-undo-fork-title = 포크 이후에 한 일을 버리고 기록된 미래를 되돌립니다
scrubber-legend-election = 리더 선출
scrubber-legend-broker = 브로커 중단
scrubber-legend-rebalance = 리밸런스
scrubber-legend-fork = 포크

## 파티션 보기
partitions-region = 파티션과 복제본
partitions-heading = 파티션(partition)
partitions-legend = ★ 리더(leader) · ● 동기화된 팔로워(in-sync follower) · ◐ 뒤처진 팔로워(out-of-sync follower) · ✕ 오프라인.
    숫자는 오프셋이며 키(key)마다 색이 다릅니다. 테두리만 있는 칸은 하이 워터마크(HW)보다 위에 있어 아직
    커밋된(committed) 레코드가 아닙니다. 트랜잭션(transaction): COMMIT / ABORT 칸은 마커, 즉 제어 레코드(control record)이고, 흐리게 줄이
    그어진 칸은 중단된 트랜잭션의 레코드, 주황색 점선 테두리 칸은 마지막 안정 오프셋(LSO) 이상에 있는 진행 중인
    트랜잭션(open transaction)의 레코드입니다. 칸에 마우스를 올리거나 포커스를 두면 자세한 내용이 표시됩니다.
partitions-leader = 리더 { $leader }
partitions-no-leader = 없음
partitions-epoch = 에포크 { $epoch }
partitions-lso-explained = 마지막 안정 오프셋(LSO) { $lso }: 진행 중인 트랜잭션(open transaction) 때문에 하이 워터마크(HW)
    { $hw }보다 낮게 머물러 있습니다. read_committed 컨슈머는 여기까지만 읽습니다.
partitions-owner-title = 그룹 { $group }의 consumer-{ $consumer }: 이 파티션을 읽고 있습니다.
partitions-role-leader = 리더
partitions-role-in-sync = 동기화된 팔로워
partitions-role-out-of-sync = 뒤처진 팔로워
partitions-role-offline = 오프라인
pager-region = 표시할 파티션
pager-topic = 토픽
pager-all-topics = 모든 토픽
pager-info = 파티션 { $first }~{ $last } / 전체 { $total }개
pager-previous = 이전 파티션 페이지
pager-next = 다음 파티션 페이지

## 로그 스트립(접근 가능한 이름)
strip-label = 브로커 { $broker }의 로그: 포커스를 두면 레코드를 볼 수 있습니다. 위아래 화살표 키로 다른 복제본으로 이동합니다.
strip-empty = 브로커 { $broker }: 빈 로그
# $parts: strip-committed와 아래 네 가지 중 해당하는 것을 ", "로 이은 것.
strip-summary = 브로커 { $broker }: 최근 오프셋 { $first }~{ $last }, { $parts }. 화살표 키로 레코드를 하나씩
    살펴볼 수 있습니다.
strip-committed = 커밋된 레코드 { $n }개
strip-commit-markers = COMMIT 마커 { $n }개
strip-abort-markers = ABORT 마커 { $n }개
strip-aborted-records = 중단된 트랜잭션의 레코드 { $n }개
strip-open-records = 진행 중인 트랜잭션의 레코드 { $n }개

## 레코드 살펴보기(한 줄에 하나씩)
inspector-empty = 레코드에 마우스를 올리거나 포커스를 두면 여기에 표시됩니다.
# $partition: orders-2 같은 토픽 파티션.
inspector-record-heading = { $partition } 오프셋 { $offset }
inspector-record-producer = 프로듀서 ID { $id }, 에포크 { $epoch }
# $marker: COMMIT 또는 ABORT. $producer: inspector-record-producer.
inspector-record-marker = { $marker } 마커: { $producer }의 제어 레코드(control record)
inspector-record-commit-marker-effect = 이 마커는 이 파티션에서 프로듀서의 트랜잭션을 끝냅니다. 그 트랜잭션의 레코드가
    이제 read_committed 컨슈머에게 보입니다. 마커는 오프셋을 하나 차지하지만 어떤 컨슈머에게도 전달되지 않습니다.
inspector-record-abort-marker-effect = 이 마커는 이 파티션에서 프로듀서의 트랜잭션을 끝냅니다. read_committed 컨슈머는
    그 트랜잭션의 레코드를 건너뜁니다. 마커는 오프셋을 하나 차지하지만 어떤 컨슈머에게도 전달되지 않습니다.
inspector-record-txn-aborted = 중단된 트랜잭션 ({ $producer }): read_committed 컨슈머는 건너뛰고,
    read_uncommitted 컨슈머는 읽습니다.
inspector-record-txn-open = 진행 중인 트랜잭션 ({ $producer }): 마지막 안정 오프셋 { $lso } 이상에 있으므로
    read_committed 컨슈머는 트랜잭션이 커밋되거나 중단될 때까지 그 오프셋에서 기다립니다. read_uncommitted 컨슈머는 읽습니다.
inspector-record-txn-committed = 커밋된 트랜잭션 ({ $producer }): 모든 컨슈머가 읽습니다.
inspector-record-key = 키: { $key }
inspector-record-value = 값: { $value }
inspector-record-headers = 헤더: { $headers }
inspector-record-headers-none = 없음
inspector-record-timestamp = 타임스탬프: { $ms } ms
inspector-record-leader-epoch = 리더 에포크: { $epoch }
inspector-record-not-committed = (아직 커밋되지 않은 레코드: 하이 워터마크보다 위에 있습니다)

## kafka-topics.sh --describe (표는 Kafka의 열 이름과 "none"을 그대로 씁니다)
describe-output-region = kafka-topics --describe 출력
describe-leader-rebalance-off = auto.leader.rebalance.enable=false: 자동 리더 재조정(auto leader rebalance)이 꺼져 있어
    리더 역할은 장애 뒤 옮겨 간 브로커에 그대로 남습니다. 되돌리려면 “선호 리더 선출” 버튼을 사용하십시오.
# $next: 아래 세 메시지 중 하나.
describe-leader-rebalance-on = auto.leader.rebalance.enable=true: 파티션의 리더가 선호 리더(preferred leader), 즉 Replicas의
    첫 번째 복제본이 아니게 되면 { $every }초 (leader.imbalance.check.interval.seconds) 뒤에
    컨트롤러(controller)가 선호 리더를 다시 리더로 선출합니다. 단, 선호 리더가 동기화 복제본 목록(ISR)에 있어야
    합니다. { $next }
describe-leader-rebalance-no-controller = 컨트롤러 쿼럼(controller quorum)에 과반수가 없어 지금은 활성 컨트롤러가 없으므로 점검이
    실행되지 않습니다.
describe-leader-rebalance-next-check = 다음 점검까지 { $s }초 남았습니다.
describe-leader-rebalance-all-preferred = 지금은 모든 파티션의 리더가 선호 리더입니다.
describe-add-partitions-region = 파티션 추가
# 양식은 “변경할 토픽 [토픽] --partitions [n]”으로 읽힙니다.
describe-add-partitions-topic = 변경할 토픽
describe-add-partitions-submit = 파티션 추가
describe-add-partitions-not-a-number = 파티션 수는 정수여야 합니다.
describe-add-partitions-added = { $topic } 토픽의 파티션이 이제 { $n }개입니다. 키가 가는 파티션은 키의 해시를 새 파티션 수로
    나눈 나머지로 정해집니다.

## 연속 부하의 설정 (view_model::load_settings_in)
load-settings-line = { $topic }에 초당 레코드 { $rate }개 (acks={ $acks }, { $keys })
load-settings-null-keys = null 키
load-settings-keys = 서로 다른 키 { $n }개
