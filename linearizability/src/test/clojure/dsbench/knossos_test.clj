(ns dsbench.knossos-test
  "dsbench.knossos against Knossos' own histories and verdicts (../shared/data/histories/knossos, read with
  clojure.edn), the shape of its results, independent histories, timelines and bad input."
  (:require [clojure.edn :as edn]
            [clojure.java.io :as io]
            [clojure.string :as str]
            [clojure.test :refer [deftest is testing]]
            [dsbench.knossos :as k])
  (:import (clojure.lang ExceptionInfo)
           (java.io File PushbackReader)
           (java.nio.file Files)
           (org.opentest4j TestAbortedException)))

;; ------------------------------------------------------------------------------------------------ shared data

(defn shared-histories-dir
  "../shared/data/histories beside the project root, found as ManifestVerdictsTest finds it
  (-Ddsbench.shared.dir, else ../../shared or ../shared from the module), or nil."
  ^File []
  (let [prop (System/getProperty "dsbench.shared.dir")]
    (->> (concat (when prop [(io/file prop "data" "histories")])
                 [(io/file ".." ".." "shared" "data" "histories") (io/file ".." "shared" "data" "histories")])
         (filter #(.isFile (io/file % "MANIFEST.tsv")))
         first)))

(defn- require-shared ^File []
  (or (shared-histories-dir)
      (throw (TestAbortedException. (str "not run: shared histories not found (set -Ddsbench.shared.dir=<dir "
                                         "containing data/histories/MANIFEST.tsv>, default ../shared)")))))

(defn read-history
  "A history file read with Clojure's own EDN reader."
  [f]
  (with-open [r (PushbackReader. (io/reader f))]
    (edn/read r)))

(defn knossos-rows
  "The MANIFEST.tsv rows of Knossos' histories: {:path :model :expected}."
  [^File dir]
  (->> (rest (str/split-lines (slurp (io/file dir "MANIFEST.tsv"))))
       (remove str/blank?)
       (map #(str/split % #"\t"))
       (filter #(= "knossos" (first %)))
       (map (fn [[_ path model _ expected]] {:path path :model model :expected expected}))))

(defn- models-for
  "The models (and initial values) Knossos' tests check a manifest row with."
  [{:keys [model]}]
  (cond (str/includes? model "init nil in *-test") [(k/cas-register 0) (k/cas-register nil)]
        (str/starts-with? model "cas-register (init 0") [(k/cas-register 0)]
        (str/starts-with? model "multi-register") [(k/multi-register {:x 0 :y 0})]
        (str/starts-with? model "mutex") [(k/mutex)]
        :else (throw (ex-info (str "no model for manifest row " model) {:model model}))))

(defn- expected-valid [{:keys [expected]}]
  (cond (= expected "linearizable") true
        (str/starts-with? expected "not") false
        :else (throw (ex-info (str "no verdict in manifest row " expected) {:expected expected}))))

(defn- check-shape
  "Asserts the keys and types of a Knossos-shaped result."
  [a history]
  (is (contains? #{true false :unknown} (:valid? a)))
  (is (= :dsbench (:analyzer a)))
  (is (and (number? (:check-time-ms a)) (not (neg? (:check-time-ms a)))))
  (is (integer? (:op-count a)))
  (when (false? (:valid? a))
    (let [{:keys [op previous-ok last-op configs final-paths]} a]
      (is (map? op) "the op that cannot be linearized")
      (is (= op (let [o (nth history (:index op))] (if (contains? o :index) o (assoc o :index (:index op)))))
          ":op is the caller's op at its :index")
      (is (contains? #{:ok :invoke :info} (:type op)))
      (is (or (nil? previous-ok) (= :ok (:type previous-ok))))
      (is (or (nil? previous-ok) (< (:index previous-ok) (:index op))))
      (is (or (nil? last-op) (map? last-op)))
      (is (and (vector? configs) (seq configs)))
      (doseq [c configs]
        (is (instance? dsbench.knossos.ModelSpec (:model c)))
        (is (= last-op (:last-op c)))
        (is (vector? (:pending c))))
      (is (and (set? final-paths) (seq final-paths)))
      (doseq [p final-paths]
        (is (vector? p))
        (is (= op (:op (peek p))))
        (is (instance? dsbench.knossos.Inconsistent (:model (peek p))))
        (is (str/starts-with? (:msg (:model (peek p))) "cannot apply"))))))

(deftest knossos-histories-get-knossos-verdicts
  (let [dir (require-shared)
        rows (knossos-rows dir)
        files (->> (file-seq (io/file dir "knossos")) (filter #(str/ends-with? (.getName ^File %) ".edn")))
        checked (atom 0)]
    (is (= 122 (count rows) (count files)) "every Knossos history in the manifest, and every one is there")
    (doseq [row rows
            model (models-for row)]
      (let [f (io/file dir "knossos" (:path row))
            history (read-history f)
            a (k/analysis model history)]
        (swap! checked inc)
        (testing (str (:path row) " with " (pr-str model))
          (is (= (expected-valid row) (:valid? a)) (str (:path row) ": " (:expected row)))
          (check-shape a history))))
    (is (= 124 @checked) "122 histories, two of them also with the nil initial value of Knossos' *-test")))

(deftest knossos-failure-report-names-the-op
  (let [dir (require-shared)
        history (read-history (io/file dir "knossos" "data" "cas-register" "bad" "rethink-fail-minimal.edn"))
        a (k/analysis (k/cas-register 0) history)]
    (is (false? (:valid? a)))
    (is (= {:type :ok, :f :read, :value 3, :process 1, :index 4} (:op a)) "the read of 3 cannot be linearized")
    (is (= {:type :ok, :f :write, :value 0, :process 0, :index 1} (:previous-ok a)))
    (is (= #{0 4} (set (map (comp :value :model) (:configs a)))) "states before it: 0, or 4 once the write landed")))

;; ------------------------------------------------------------------------------------------------ small histories

(def write-1-read-2
  [{:process 0, :type :invoke, :f :write, :value 1}
   {:process 0, :type :ok, :f :write, :value 1}
   {:process :nemesis, :type :info, :f :start, :value nil}
   {:process 1, :type :invoke, :f :read, :value nil}
   {:process 1, :type :ok, :f :read, :value 2}])

(deftest a-non-linearizable-history-in-knossos-shape
  (let [a (k/analysis (k/register 0) write-1-read-2)]
    (is (false? (:valid? a)))
    (is (= {:process 1, :type :ok, :f :read, :value 2, :index 4} (:op a)))
    (is (= {:process 0, :type :ok, :f :write, :value 1, :index 1} (:previous-ok a)))
    (is (= (:previous-ok a) (:last-op a)))
    (is (= [{:model (k/register 1), :last-op (:last-op a), :pending [{:process 1, :type :invoke, :f :read,
                                                                         :value nil, :index 3}]}]
           (:configs a)))
    (is (= #{[{:op (:last-op a), :model (k/register 1)}
              {:op (:op a), :model (k/->Inconsistent "cannot apply p1 :read 2 -> ok to 1")}]}
           (:final-paths a)))
    (check-shape a write-1-read-2)))

(deftest knossos-semantics-of-fail-info-and-nil-reads
  (testing "a :fail op did not happen"
    (is (false? (:valid? (k/analysis (k/register 0) [{:process 0 :type :invoke :f :write :value 1}
                                                     {:process 0 :type :fail :f :write :value 1}
                                                     {:process 1 :type :invoke :f :read :value nil}
                                                     {:process 1 :type :ok :f :read :value 1}])))))
  (testing "an :info op may take effect later, or never"
    (let [h [{:process 0 :type :invoke :f :write :value 1}
             {:process 0 :type :info :f :write :value 1}
             {:process 1 :type :invoke :f :read :value nil}
             {:process 1 :type :ok :f :read :value 0}
             {:process 1 :type :invoke :f :read :value nil}
             {:process 1 :type :ok :f :read :value 1}]]
      (is (true? (:valid? (k/analysis (k/register 0) h))))
      (is (false? (:valid? (k/analysis (k/register 0) (conj h {:process 1 :type :invoke :f :read :value nil}
                                                            {:process 1 :type :ok :f :read :value 0})))))))
  (testing "a read of nil matches any value"
    (is (true? (:valid? (k/analysis (k/register 5) [{:process 0 :type :invoke :f :read}
                                                    {:process 0 :type :ok :f :read :value nil}])))))
  (testing "every model constructor and arity"
    (is (true? (:valid? (k/analysis (k/cas-register) [{:process 0 :type :invoke :f :cas :value [nil 1]}
                                                      {:process 0 :type :ok :f :cas :value [nil 1]}]))))
    (is (false? (:valid? (k/analysis (k/mutex) [{:process 0 :type :invoke :f :acquire}
                                                {:process 0 :type :ok :f :acquire}
                                                {:process 1 :type :invoke :f :acquire}
                                                {:process 1 :type :ok :f :acquire}]))))
    (is (true? (:valid? (k/analysis (k/set) [{:process 0 :type :invoke :f :add :value :a}
                                             {:process 0 :type :ok :f :add :value :a}
                                             {:process 1 :type :invoke :f :read}
                                             {:process 1 :type :ok :f :read :value #{:a}}]))))
    (is (false? (:valid? (k/analysis (k/fifo-queue) [{:process 0 :type :invoke :f :enqueue :value 1}
                                                     {:process 0 :type :ok :f :enqueue :value 1}
                                                     {:process 0 :type :invoke :f :enqueue :value 2}
                                                     {:process 0 :type :ok :f :enqueue :value 2}
                                                     {:process 1 :type :invoke :f :dequeue}
                                                     {:process 1 :type :ok :f :dequeue :value 2}]))))
    (is (true? (:valid? (k/analysis (k/unordered-queue) [{:process 0 :type :invoke :f :enqueue :value 1}
                                                         {:process 0 :type :ok :f :enqueue :value 1}
                                                         {:process 0 :type :invoke :f :enqueue :value 2}
                                                         {:process 0 :type :ok :f :enqueue :value 2}
                                                         {:process 1 :type :invoke :f :dequeue}
                                                         {:process 1 :type :ok :f :dequeue :value 2}]))))
    (is (false? (:valid? (k/analysis (k/multi-register {:x 0 :y 0})
                                     [{:process 0 :type :invoke :f :txn :value [[:write :x 1] [:write :y 1]]}
                                      {:process 0 :type :ok :f :txn :value [[:write :x 1] [:write :y 1]]}
                                      {:process 1 :type :invoke :f :txn :value [[:read :x nil] [:read :y nil]]}
                                      {:process 1 :type :ok :f :txn :value [[:read :x 1] [:read :y 0]]}]))))
    (is (true? (:valid? (k/analysis :cas-register [{:process 0 :type :invoke :f :read}
                                                   {:process 0 :type :ok :f :read :value nil}]))))))

(deftest a-time-limit-gives-unknown-with-a-cause
  ;; 3,000 sequential writes and reads: the search passes its deadline check (every 1,024 steps) long after 1 ns
  (let [h (vec (mapcat (fn [i] [{:process (mod i 3) :type :invoke :f (if (even? i) :write :read) :value (when (even? i) i)}
                                {:process (mod i 3) :type :ok :f (if (even? i) :write :read) :value (- i (mod i 2))}])
                       (range 3000)))]
    (is (true? (:valid? (k/analysis (k/register) h))))
    (let [a (k/analysis (k/register) h {:time-limit 1e-6})]
      (is (= :unknown (:valid? a)))
      (is (= :timeout (:cause a)))
      (is (str/starts-with? (:cause-message a) "time limit")))))

;; ------------------------------------------------------------------------------------------------ independent

(deftest independent-histories-are-checked-per-key
  (let [h [{:process 0 :type :invoke :f :write :value [:a 1]}
           {:process 1 :type :invoke :f :write :value [:b 2]}
           {:process 0 :type :ok :f :write :value [:a 1]}
           {:process 1 :type :ok :f :write :value [:b 2]}
           {:process :nemesis :type :info :f :kill :value nil}
           {:process 2 :type :invoke :f :read :value [:a nil]}
           {:process 2 :type :ok :f :read :value [:a 1]}
           {:process 3 :type :invoke :f :read :value [:b nil]}
           {:process 3 :type :ok :f :read :value [:b 1]}]
        a (k/independent-analysis (k/cas-register) h)]
    (is (false? (:valid? a)))
    (is (= [:b] (:failures a)))
    (is (= #{:a :b} (set (keys (:results a)))))
    (is (true? (:valid? (get-in a [:results :a]))))
    (is (= {:process 3 :type :ok :f :read :value 1 :index 3} (get-in a [:results :b :op]))
        "ops of a key's subhistory carry v, as jepsen.independent's do")
    (is (= :dsbench (:analyzer a)))
    (is (true? (:valid? (k/independent-analysis (k/cas-register) (subvec h 0 7)))))
    (is (= {:a [{:process 0 :type :invoke :f :write :value 1} {:process 0 :type :ok :f :write :value 1}]}
           (k/subhistories [(h 0) (h 2) (h 4)])) "subhistories drop the nemesis")))

;; ------------------------------------------------------------------------------------------------ timelines

(deftest render-analysis-writes-a-timeline
  (let [a (k/analysis (k/register 0) write-1-read-2)
        f (File/createTempFile "dsbench-knossos" ".html")]
    (try
      (is (= f (k/render-analysis! write-1-read-2 a f)))
      (let [html (slurp f)]
        (is (str/starts-with? html "<!DOCTYPE html>"))
        (is (str/includes? html "NOT linearizable"))
        (is (str/includes? html "class=\"op fail\""))
        (is (str/includes? html ":read 2")))
      (finally (Files/deleteIfExists (.toPath f))))
    (is (thrown-with-msg? ExceptionInfo #"carries no dsbench check" (k/timeline-html {:valid? true})))))

;; ------------------------------------------------------------------------------------------------ bad input

(defmacro bad-input
  "Asserts that body throws ex-info of :type :dsbench/bad-input with a message matching re; returns its data."
  [re & body]
  `(try ~@body
        (is false (str "no exception for " '~body))
        nil
        (catch ExceptionInfo e#
          (is (re-find ~re (ex-message e#)) (ex-message e#))
          (is (= :dsbench/bad-input (:type (ex-data e#))))
          (ex-data e#))))

(deftest bad-input-gets-a-clear-ex-info-with-the-op
  (testing "not a sequence of maps"
    (bad-input #"a history must be a sequence of op maps, found java.lang.Long" (k/analysis (k/register) 42))
    (bad-input #"a history must be a sequence of op maps, found nil" (k/analysis (k/register) nil))
    (is (= 5 (:op (bad-input #"op 1 is not a map: 5"
                             (k/analysis (k/register) [{:process 0 :type :invoke :f :read} 5]))))))
  (testing "an op without :type, or with a bad one"
    (is (= {:process 0 :f :read}
           (:op (bad-input #"op 0 has no :type" (k/analysis (k/register) [{:process 0 :f :read}])))))
    (is (= 1 (:position (bad-input #"op 1 has :type :okay; expected one of :invoke :ok :fail :info"
                                   (k/analysis (k/register) [{:process 0 :type :invoke :f :read}
                                                             {:process 0 :type :okay :f :read}]))))))
  (testing "an op without :process or :f"
    (bad-input #"op 0 has no :process" (k/analysis (k/register) [{:type :invoke :f :read}]))
    (bad-input #"op 0 has no :f" (k/analysis (k/register) [{:process 0 :type :invoke}])))
  (testing "an unknown model"
    (is (= :fancy-register (:model (bad-input #"unknown model :fancy-register; expected one of"
                                              (k/analysis :fancy-register [])))))
    (bad-input #"not a model: \"cas-register\"" (k/analysis "cas-register" []))
    (bad-input #"multi-register's initial value must be a map" (k/multi-register 3)))
  (testing "a badly formed history: the checker's message, with the op"
    (is (= {:process 0 :type :invoke :f :write :value 2}
           (:op (bad-input #"op 1: process 0 invokes while its op 0 is still pending"
                           (k/analysis (k/register) [{:process 0 :type :invoke :f :write :value 1}
                                                     {:process 0 :type :invoke :f :write :value 2}])))))
    (is (= {:process 3 :type :ok :f :read :value 1}
           (:op (bad-input #"op 0: :ok for process 3 which has no pending invocation"
                           (k/analysis (k/register) [{:process 3 :type :ok :f :read :value 1}]))))))
  (testing "an op the model does not know, or with a malformed value"
    (is (= 0 (:position (bad-input #"model cas-register has no operation :frob"
                                   (k/analysis (k/cas-register) [{:process 0 :type :invoke :f :frob}
                                                                 {:process 0 :type :ok :f :frob}])))))
    (is (= {:process 0 :type :invoke :f :cas :value 3}
           (:op (bad-input #":cas value must be \[from to\], found 3"
                           (k/analysis (k/cas-register) [{:process 0 :type :invoke :f :cas :value 3}
                                                         {:process 0 :type :ok :f :cas :value 3}])))))
    (is (= 0 (:position (bad-input #"micro-op must be"
                                   (k/analysis (k/multi-register) [{:process 0 :type :invoke :f :txn :value [:x]}
                                                                   {:process 0 :type :ok :f :txn :value [:x]}]))))))
  (testing "bad options and independent values"
    (bad-input #":time-limit must be a positive number of milliseconds, found -5"
               (k/analysis (k/register) [] {:time-limit -5}))
    (is (= {:process 0 :type :invoke :f :read :value 7}
           (:op (bad-input #"op 0 of an independent history has :value 7; expected a \[key value\] tuple"
                           (k/independent-analysis (k/register) [{:process 0 :type :invoke :f :read :value 7}])))))))
