# 페이지 틀: 머리글, 건너뛰기 링크, 언어 전환, 바닥글.
page-title = Kafka Sandbox
skip-to-cluster = 클러스터로 건너뛰기
skip-to-timeline = 타임라인으로 건너뛰기
language-label = 언어
language-switch-title = 페이지를 다른 언어로 표시합니다. 시뮬레이션은 계속 실행됩니다.
debug-readout-title = 프레임 간격 (최근 1초의 평균과 최댓값)과 최근 틱의 평균 (엔진 시간, 화면 갱신 시간, 초당 시뮬레이션 스텝 수)을 보여 줍니다.
presenter = 발표 모드
presenter-help = 발표 모드: 프로젝터용으로 글자를 키우고 단축키(Space, →, N, ?)를 켭니다.
shortcut-heading = 발표 모드 단축키
shortcut-key = 키
shortcut-action = 동작
shortcut-play = 재생 또는 일시정지
shortcut-step = 시뮬레이션 시간 한 단계
shortcut-next-step = 레슨의 다음 단계
shortcut-keys = 이 목록 (Escape로 닫습니다)
shortcut-typing = 입력란에 입력하는 동안에는 단축키가 동작하지 않습니다.
shortcut-close = 단축키 목록 닫기
