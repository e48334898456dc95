# 프로듀서: 프로듀서 생성 양식, 프로듀서 카드(식별 정보, 설정, 개수, 어큐뮬레이터의 배치, 전송 중인
# 요청, 레코드의 결과, 트랜잭션), 전송 양식과 연속 부하.

producers-title = 프로듀서(producer)
producers-empty = 아직 프로듀서가 없습니다. 위에서 프로듀서를 생성하거나 전송 양식으로 레코드를 전송할 수 있습니다. 전송 양식을 쓰면 console-producer가 시작됩니다.
producer-started = { $producer } 프로듀서를 시작했습니다.
producer-form-label = 프로듀서 생성 (new KafkaProducer)
producer-acks-default = all (기본값)
producer-idempotence-title = 설정하지 않으면 true이므로 멱등성(idempotence)이 켜집니다. 단, acks나 retries 설정과 충돌하면 Kafka가 조용히 끕니다.
producer-idempotence-unset = 설정 안 함 (true)
producer-create = 프로듀서 생성
producer-form-legend = Kafka 4.x의 기본값이 표시되어 있습니다. 바꾼 값만 전달되므로 (--producer-property처럼) 나머지는 Kafka 자체 규칙에 따라 정해집니다.
producer-config-label = 설정
producer-flush = 플러시
producer-flush-title = flush(): 대기 중인 배치를 linger.ms와 관계없이 지금 모두 전송합니다.
producer-flush-label = { $producer } 플러시
producer-close = 닫기
producer-close-title = close(): 대기 중인 레코드를 전송한 뒤 종료합니다.
producer-close-label = { $producer } 닫기
producer-batches-region = { $producer }의 레코드 어큐뮬레이터에 있는 배치
producer-inflight-region = { $producer }의 전송 중인 요청
producer-col-partition = 파티션
producer-col-records = 레코드
producer-col-size = 크기 / batch.size
producer-col-state = 상태
producer-col-sequence = 시작 시퀀스
producer-col-request = 요청
producer-col-broker = 브로커
producer-col-attempt = 시도
producer-fates-title = 최근 레코드 결과 (최신순)

# 프로듀서 카드(producers_vm이 작성).
producer-identity = 프로듀서 ID { $id }, 에포크 { $epoch }
producer-identity-txn-none = 아직 프로듀서 ID가 없습니다. initTransactions()가 트랜잭션 코디네이터에게서 받아 옵니다.
producer-identity-none = 프로듀서 ID 없음: 멱등성이 꺼져 있어 재시도하면 배치가 두 번 기록될 수 있습니다.
producer-state-closing = 닫는 중: 대기 중인 레코드를 전송한 뒤 종료
producer-state-flushing = 플러시 중
producer-config-defaults = Kafka 기본값
producer-stats = 전송 { $sent } · 확인됨 { $acked } · 실패 { $failed } · 재시도 { $retries } · 중복 { $duplicates }
producer-batches-caption = 레코드 어큐뮬레이터(accumulator): 대기 중인 배치(batch) { $total }개
producer-batches-caption-cut = 레코드 어큐뮬레이터(accumulator): 대기 중인 배치(batch) { $total }개 (처음 { $listed }개 표시)
producer-inflight-caption = 전송 중인 요청(in-flight request): { $total }개 (브로커당 최대 { $max }개)
producer-inflight-caption-cut = 전송 중인 요청(in-flight request): { $total }개 (브로커당 최대 { $max }개, 처음 { $listed }개 표시)
producer-batch-backoff = 백오프 후 { $attempt }번째 재시도: { $left } ms 남음
producer-batch-full = 가득 참: 앞 배치 뒤에서 대기
producer-batch-leader-unknown = 준비됨: 리더를 알 수 없어 메타데이터 갱신을 기다림
producer-batch-ready-retry = 준비됨: 다음 전송 주기에 { $attempt }번째 재시도
producer-batch-ready-flush = 준비됨: linger.ms와 관계없이 flush()가 전송
producer-batch-ready = 준비됨: 다음 전송 주기에 전송
producer-batch-filling = 채우는 중: linger.ms { $linger } ms, { $left } ms 남음
producer-failure-fatal = 재시도할 수 없는 오류
producer-failure-retries = 재시도 횟수 소진
producer-failure-timeout = 배치 생성 후 delivery.timeout.ms 경과
producer-records = 레코드 { $n }개
# $records: producer-records.
producer-fate-acks0 = acks=0으로 { $partition }에 전송한 { $records }: 응답이 없으므로 오프셋도 없습니다.
producer-fate-acked-one = { $partition } 오프셋 { $offset }에 대한 확인 응답을 받았습니다.
producer-fate-acked = { $records }: { $partition } 오프셋 { $first }~{ $last }에 대한 확인 응답을 받았습니다.
producer-fate-duplicate = { $fate } 브로커가 이미 받은 배치의 재시도였으므로 확인 응답만 보내고 다시 기록하지 않았습니다.
producer-fate-retrying = { $partition }에 보낸 { $records }: { $attempt }번째 시도에서 { $error } 오류를 받았습니다. { $backoff } ms 후 재시도합니다.
producer-fate-failed = { $partition }에 보낸 { $records }: { $error } 오류로 실패했습니다 ({ $failure }).
producer-fate-epoch-bumped = 에포크가 올라갔습니다. 새 에포크는 { $epoch }입니다 (프로듀서 ID { $id }). 시퀀스 번호는 0부터 다시 시작합니다 (KIP-360).
producer-fate-aborted-unsent = { $partition }에 보낼 { $records }: 전송 전에 중단되었습니다. abortTransaction()은 아직 대기 중인 배치를 실패시킵니다.
producer-fate-txn-init = initTransactions(): 트랜잭션 코디네이터에게서 프로듀서 ID와 에포크를 받았습니다 (프로듀서 ID { $id }, 에포크 { $epoch }).
producer-fate-txn-committed = commitTransaction()이 반환되었습니다. 코디네이터가 각 파티션에 COMMIT 마커를 씁니다.
producer-fate-txn-aborted = abortTransaction()이 반환되었습니다. 코디네이터가 각 파티션에 ABORT 마커를 씁니다.
producer-fate-txn-error = 트랜잭션 요청이 실패했습니다: { $error }.

# 트랜잭션 프로듀서의 트랜잭션.
producer-txn-region = { $producer }의 트랜잭션 (transactional.id { $id })
producer-txn-state = 상태
producer-txn-init-waiting = initTransactions()를 호출했습니다. 코디네이터의 InitProducerId 응답 (프로듀서 ID와 에포크)을 기다립니다.
producer-txn-uninitialized = 먼저 initTransactions()를 호출하십시오. 그 전에는 전송도 트랜잭션도 할 수 없습니다.
producer-txn-ready = 진행 중인 트랜잭션이 없습니다. beginTransaction()으로 시작할 수 있습니다.
producer-txn-in-transaction = 전송한 레코드는 트랜잭션에 포함됩니다. “커밋”을 누르면 read_committed 컨슈머가 볼 수 있게 되고, “중단”을 누르면 버려집니다.
producer-txn-committing = commitTransaction(): 플러시한 뒤 코디네이터에 EndTxn(COMMIT) 요청을 보냅니다.
producer-txn-aborting = abortTransaction(): 전송하지 않은 배치는 실패하고, 코디네이터에 EndTxn(ABORT) 요청을 보냅니다.
producer-txn-abortable = { $error }: 트랜잭션의 전송이 실패했으므로 중단만 할 수 있습니다 (commitTransaction()은 거부됩니다).
producer-txn-zombie = transactional.id { $id }에 대한 코디네이터의 에포크는 { $current }입니다. 이 프로듀서의 에포크는 { $epoch }입니다. 같은 transactional.id를 쓰는 다른 프로듀서가 initTransactions()를 호출했거나, transaction.timeout.ms ({ $timeout } ms)가 지나 코디네이터가 트랜잭션을 중단했습니다. 이전 에포크를 쓰는 이 프로듀서는 좀비입니다
producer-txn-failed-for-good = 마지막 트랜잭션 요청이 최종적으로 실패했습니다
# $why: producer-txn-zombie 또는 producer-txn-failed-for-good.
producer-txn-fatal = { $error }: { $why }. 펜싱되었으므로 이 프로듀서는 닫을 수만 있습니다.
producer-txn-counts = 커밋된 트랜잭션 { $committed }개 · 중단된 트랜잭션 { $aborted }개
producer-txn-coordinator-not-found = 아직 찾지 못함: { $topic } 토픽은 첫 initTransactions() 때 만들어집니다 (이 ID의 파티션은 { $partition }번).
producer-txn-coordinator = 브로커 { $broker } ({ $topic }-{ $partition }의 리더)
producer-txn-coordinator-none = 없음: { $topic }-{ $partition }에 리더가 없습니다 (COORDINATOR_NOT_AVAILABLE).
producer-txn-partitions-more = { $list } 외 { $more }개
producer-txn-partitions-none = 없음
producer-txn-init = 트랜잭션 초기화
producer-txn-init-title = initTransactions(): 트랜잭션 코디네이터(transaction coordinator)에게서 프로듀서 ID와 에포크를 받습니다. 같은 transactional.id를 쓰는 이전 프로듀서는 펜싱(fencing)됩니다.
producer-txn-init-label = { $id }의 트랜잭션 초기화
producer-txn-begin = 시작
producer-txn-begin-label = { $id }의 트랜잭션 시작
producer-txn-commit = 커밋
producer-txn-commit-title = commitTransaction(): 플러시한 뒤 EndTxn(COMMIT) 요청을 보냅니다.
producer-txn-commit-label = { $id }의 트랜잭션 커밋
producer-txn-abort = 중단
producer-txn-abort-title = abortTransaction(): 전송하지 않은 배치는 실패하고 EndTxn(ABORT) 요청을 보냅니다.
producer-txn-abort-label = { $id }의 트랜잭션 중단
producer-txn-coordinator-label = 트랜잭션 코디네이터
producer-txn-partitions-label = 트랜잭션에 포함된 파티션

# 전송 양식의 결과 줄(producers_vm이 작성).
producer-hint-isr = (ISR { $isr }의 복제본 수: { $size }, min.insync.replicas: { $min })
producer-hint-quorum = (컨트롤러 쿼럼을 잃었습니다. ISR을 줄일 수 없으므로 acks=all은 끝내 레코드를 가져가지 않은 팔로워를 계속 기다립니다)
producer-send-closed = { $producer } 프로듀서가 닫혔습니다.
producer-send-in-flight = { $producer }: { $broker }번 브로커에 전송했습니다 ({ $attempt }번째 시도). 응답을 기다리는 중입니다 (acks={ $acks }).
producer-send-in-batch = { $producer }: { $partition }의 배치에 있습니다. linger.ms ({ $linger } ms)가 지나거나 배치가 가득 차면 전송됩니다.
# $line: 시계 때문에 멈춰 있는 줄.
producer-send-paused = { $line } 시계가 일시정지되어 있습니다. 전송하려면 “재생”이나 “진행”을 누르십시오.
# $hint: "" 또는 " "와 producer-hint-* 메시지.
producer-send-retrying = { $producer }: { $partition }에서 { $attempt }번째 시도에 { $error } 오류를 받았습니다{ $hint }. { $backoff } ms 후 재시도합니다.
producer-send-acks0 = acks=0으로 { $partition }에 전송했습니다. 응답이 없으므로 오프셋도 없습니다.
producer-send-acked = { $partition } 오프셋 { $offset }에 대한 확인 응답을 받았습니다.
producer-send-duplicate = { $line } 브로커가 이미 받은 배치의 재시도였으므로 두 번 기록되지 않았습니다.
producer-send-failed = 실패했습니다: { $partition }에서 { $error }{ $hint }, { $failure }.
producer-send-aborted = 전송 전에 중단되었습니다. 레코드가 { $partition }에 전송되기를 기다리는 동안 { $producer }의 트랜잭션이 중단되었습니다.

# 전송 양식과 연속 부하.
produce-title = 전송(produce)
produce-topic = 토픽
produce-null-key = null 키
produce-null-value = null 값 (툼스톤)
produce-null-value-title = 값이 null인 레코드는 툼스톤(tombstone)입니다. 로그 컴팩션(log compaction)을 쓰는 토픽에서는 delete.retention.ms가 지나면 그 키를 삭제합니다.
produce-producer = 프로듀서
produce-console-option = { $client } (acks는 아래에서 선택)
produce-submit = 전송
produce-null-key-explain = null 키: 스티키 파티셔너(sticky partitioner)가 batch.size 바이트만큼 한 파티션을 채운 뒤 파티션을 바꿉니다.
produce-key-partition = murmur2("{ $key }") = { $hash }; { $hash } & 0x7fffffff = { $positive }; % { $n } = 파티션 { $partition }
produce-acks-invalid = acks는 0, 1, all 중 하나여야 합니다.
load-title = 연속 부하
load-rate-invalid = 초당 레코드 수는 정수여야 합니다.
load-keys-invalid = 키 개수는 정수여야 합니다 (null 키는 0).
# $running: 실행 중인 부하의 설정.
load-running = 실행 중: { $running }. “부하 중지”로 멈출 수 있으며, 시계는 계속 흐릅니다.
load-plan = “부하 시작 후 재생”을 누르면 { $topic }에 초당 레코드 { $rate }개를 acks={ $acks }, 서로 다른 키 { $keys }개로 전송하고 시계를 시작합니다 (재생).
load-stop = 부하 중지
load-start = 부하 시작 후 재생

produce-key-label = 키
produce-value-label = 값
load-rate-label = 초당 레코드 수
load-keys-label = 서로 다른 키 개수
load-stats-line = 전송 { $sent }, 확인됨 { $acked }, 재시도 { $retried }, 실패 { $failed }{ $errors }
load-stats-refused = , 거절됨 { $refused } (buffer.memory 가득 참)
